"""The CLI's way to a gateway (re-exported so CLI commands import from one place)."""

from service.runtime import Runtime, build_gateway, open_gateway

__all__ = ["Runtime", "build_gateway", "open_gateway"]
