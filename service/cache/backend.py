"""What a cache backend offers (disk or Redis), and the health and statistics it reports."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CacheStats:
    directory: str  # where the entries live: a directory, or a redis:// URL without its password
    entries: int
    size_bytes: int
    hits: int
    misses: int
    backend: str = "disk"
    errors: int = 0
    corrupt_entries: int = 0
    healthy: bool = True
    detail: str = ""


@dataclass(frozen=True)
class CacheHealth:
    backend: str
    location: str
    enabled: bool
    healthy: bool
    errors: int
    corrupt_entries: int
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "location": self.location,
            "enabled": self.enabled,
            "healthy": self.healthy,
            "errors": self.errors,
            "corrupt_entries": self.corrupt_entries,
            "detail": self.detail,
        }


class Backend(Protocol):
    """A key -> text store. Every method may raise; ``ResponseCache`` turns failures into misses."""

    name: str
    location: str

    def get(self, key: str) -> object | None:
        """The stored value (a str when healthy), or None when absent."""

    def set(self, key: str, value: str, ttl_s: float | None) -> None: ...

    def delete(self, key: str) -> None: ...

    def ping(self) -> None:
        """Raise unless the store can be read and written."""

    def count(self) -> tuple[int, int]:
        """(entries, size in bytes)."""

    def clear(self) -> int: ...

    def is_corruption(self, exc: BaseException) -> bool:
        """True when ``exc`` says the store itself is damaged (not merely unreachable)."""

    def recover(self) -> str:
        """Set a damaged store aside and start an empty one; returns what was done."""

    def close(self) -> None: ...
