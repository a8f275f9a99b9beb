"""Telemetry: Prometheus metrics, OpenTelemetry traces, and the observer every model call passes through."""
