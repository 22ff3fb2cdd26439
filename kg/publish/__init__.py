"""Publishing: what leaves the store for others. `export` (RDF formats with the ontology
and a VoID/DCAT description) with `jsonld` and `tables` (CSV), `privacy` (the public view
without restricted people), `link` (reconciliation tables as sameAs links), `serve` (a
read-only SPARQL endpoint), `ontodoc` (the ontology's reference page)."""
