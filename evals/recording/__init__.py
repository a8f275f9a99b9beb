"""Recorded model HTTP (vcrpy cassettes) for evals and recorded tests: matching and scrubbing, and sessions."""
