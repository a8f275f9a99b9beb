"""factalign's service layer: ingest, pipeline stages, the model gateway, cache, API and CLI."""
