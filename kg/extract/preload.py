"""Imported by the fork server that starts kg's build workers (`kg.parallel.worker_context`):
the model and the word lists load here once, and every worker forked from this process has
them, instead of each worker loading them again."""
from kg.extract import warm_up

warm_up()
