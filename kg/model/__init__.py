"""The graph model: the records every stage speaks, IRIs and namespaces, and the one
mapping from records to RDF.

`records` (and `records.schema.json`, their JSON form), `namespaces` (prefixes, IRI
minting), `mapping` (records -> triples, written as an rdflib Graph or N-Triples)."""
