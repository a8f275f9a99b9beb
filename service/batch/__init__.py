"""Bulk jobs: many articles through one request kind, locally (N at once) or over machines via a Redis queue."""
