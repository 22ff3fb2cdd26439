"""Storing: the only code that writes a graph. `embedded` is the on-disk Oxigraph store,
`remote` any SPARQL 1.1 server behind the same small interface, `sparql` the SPARQL
text helpers both use (terms, VALUES, a tokenizer)."""
from kg.store.embedded import Change, GraphStore, Store

__all__ = ["Change", "GraphStore", "Store"]
