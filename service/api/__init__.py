"""HTTP API (FastAPI): app factory, request parsing with limits, error mapping, routes."""

from service.api.app import create_app

__all__ = ["create_app"]
