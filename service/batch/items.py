"""Batch input (a directory of article files, or JSONL requests) and the JSONL results already written."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas.article import ArticleInput
from service.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass(frozen=True)
class BatchItem:
    id: str
    article: ArticleInput


def _from_directory(directory: Path) -> list[BatchItem]:
    items = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 (bad byte at {exc.start}); convert it or leave it out") from None
        items.append(BatchItem(path.relative_to(directory).as_posix(), ArticleInput(text=text)))
    if not items:
        raise InputError(f"{directory} holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})")
    return items


def _from_jsonl(path: Path) -> list[BatchItem]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data: Any = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("a line must be a JSON object")
            item_id = str(data.pop("id", f"line-{number}"))
            items.append(BatchItem(item_id, ArticleInput.model_validate(data)))
        except (ValueError, ValidationError) as exc:
            raise InputError(f"{path}:{number}: {exc}".splitlines()[0]) from None
    return items


def read_items(source: Path) -> list[BatchItem]:
    """A directory (every article file below it; id = relative path) or a .jsonl file (one request per line,
    the fields of ``POST /v1/summaries`` plus an optional ``id``)."""
    if source.is_dir():
        items = _from_directory(source)
    elif source.is_file():
        items = _from_jsonl(source)
    else:
        raise InputError(f"{source}: no such file or directory")
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise InputError(f"{source}: id {item.id!r} appears twice; ids name the result lines")
        seen.add(item.id)
    return items


def finished_ids(out: Path) -> set[str]:
    """Ids already answered successfully in ``out``; a line cut short by a crash is ignored (redone)."""
    if not out.is_file():
        return set()
    done = set()
    for line in out.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("ok") is True and "id" in record:
            done.add(str(record["id"]))
    return done


class ResultWriter:
    """Appends one JSON line per finished item and flushes it, so a killed batch loses nothing it finished."""

    def __init__(self, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        needs_newline = out.is_file() and out.stat().st_size > 0 and not out.read_bytes().endswith(b"\n")
        self._file = out.open("a", encoding="utf-8")
        if needs_newline:
            self._file.write("\n")  # the previous run died mid-line: keep the next record on its own line

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()
