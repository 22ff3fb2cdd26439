"""Evaluating: what kg builds from pages, scored against hand-made gold annotations
(`scoring`), and the floors the test suite holds those scores to."""
from kg.evaluate.scoring import (CATEGORIES, GoldPage, PageScore, Summary, below_floors, find_pages, load_floors,
                                 raised_floors, render, score_pages, score_rows)

__all__ = ["CATEGORIES", "GoldPage", "PageScore", "Summary", "below_floors", "find_pages", "load_floors",
           "raised_floors", "render", "score_pages", "score_rows"]
