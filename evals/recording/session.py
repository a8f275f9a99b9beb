"""One case's cassette session for the runner: replay or record, metadata stamps, misses and unused interactions."""

from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from vcr.request import Request

from evals.recording.matching import METADATA_KEY, make_vcr, prompt_stamps, request_filter, unmatched
from schemas.meta import CallMeta

Mode = Literal["replay", "record"]


class CaseCassette:
    """``with CaseCassette(path, mode=...) as session:`` around one case's model calls (not concurrency-safe:
    vcrpy patches HTTP clients globally, so the runner plays one case at a time when cassettes are on)."""

    def __init__(self, path: Path, *, mode: Mode, restricted: bool, record_mode: str = "new_episodes") -> None:
        self.path = path
        self.mode = mode
        self.restricted = restricted
        self.record_mode = "none" if mode == "replay" else record_mode
        self.seen: list[Request] = []
        self._filter = request_filter(restricted=restricted)
        self._context: Any = None
        self.cassette: Any = None
        self.unused = 0

    def _track(self, request: Request) -> Request | None:
        filtered = self._filter(request)
        if filtered is None:
            return None
        if not any(filtered.body == s.body and filtered.path == s.path for s in self.seen):
            self.seen.append(filtered)
        return filtered

    def __enter__(self) -> "CaseCassette":
        if self.mode == "record":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        recorder = make_vcr(restricted=self.restricted, record_mode=self.record_mode)
        self._context = recorder.use_cassette(
            str(self.path),
            record_mode=self.record_mode,
            before_record_request=self._track,
            # Re-recording keeps what was replayed plus what is new, and drops interactions no call used.
            drop_unused_requests=self.mode == "record",
        )
        self.cassette = self._context.__enter__()
        return self

    def stamp(self, calls: list[CallMeta], *, suite: str, case_id: str) -> None:
        """Store the prompt versions of a recorded case in the cassette's metadata."""
        if self.mode != "record" or self.cassette is None or not calls:
            return
        metadata = self.cassette.get_metadata(METADATA_KEY, {})
        new = {"suite": suite, "case": case_id, "restricted": self.restricted, "prompts": prompt_stamps(calls)}
        if metadata != new:
            metadata.clear()
            metadata.update(new)
            self.cassette.dirty = True

    def misses(self) -> list[Request]:
        """Requests of this case that have no recording (replay mode)."""
        if self.cassette is None:
            return list(self.seen)
        return unmatched(self.seen, self.cassette.requests)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.cassette is not None:
            loaded = getattr(self.cassette, "_loaded_count", len(self.cassette))
            self.unused = sum(1 for i in range(loaded) if self.cassette.play_counts[i] == 0)
        if self._context is not None:
            self._context.__exit__(exc_type, exc, tb)
