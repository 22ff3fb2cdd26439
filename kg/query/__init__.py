"""Querying: stored `.rq` queries (described by their comment headers) and ad-hoc ones,
parameters bound as RDF terms, results as rows or the W3C SPARQL results formats."""
from kg.query.queries import (StoredQuery, bind_params, load_query, queries_markdown, run_query, select,
                              serialize_results, stored_queries)

__all__ = ["StoredQuery", "bind_params", "load_query", "queries_markdown", "run_query", "select",
           "serialize_results", "stored_queries"]
