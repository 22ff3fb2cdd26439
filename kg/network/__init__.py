"""The who-spoke-about-whom network: `analysis` reads it from stored queries into networkx
and ranks it; `viz` draws it (an offline HTML page from `viz_assets/`, PNG/SVG, GraphML)."""
from kg.network.analysis import Focus, analyse, read_network, summary

__all__ = ["Focus", "analyse", "read_network", "summary"]
