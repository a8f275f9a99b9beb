"""Pydantic contracts shared by the service, the evals and the API. Imports nothing else of factalign."""
