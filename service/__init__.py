"""factalign's service layer: ingest, pipeline stages, the model gateway, cache, API and CLI."""

__version__ = "0.1.0"  # = [project] version in pyproject.toml (a test keeps them equal)
