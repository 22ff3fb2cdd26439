"""Validating: `shacl` checks a graph against the SHACL shapes in `shapes/`;
`incremental` validates some documents with the context their shapes need, and a whole
store in chunks over worker processes."""
from kg.validate.shacl import Finding, Report, shapes_graph, validate_graph

__all__ = ["Finding", "Report", "shapes_graph", "validate_graph"]
