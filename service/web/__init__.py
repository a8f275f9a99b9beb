"""The browser page at ``/``: plain HTML/CSS/JS served from this package, talking to the JSON API."""

from service.web.page import STATIC_DIR, install

__all__ = ["STATIC_DIR", "install"]
