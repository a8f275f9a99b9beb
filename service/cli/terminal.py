"""The terminal side of every CLI command: reading an article, a spinner while the model works, error exits."""

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn, TypeVar

from rich.console import Console
from rich.markup import escape

from schemas.article import ArticleFormat, ArticleInput
from service.cli.progress import ProgressView
from service.errors import FactalignError, InputError, ModelError
from service.progress import listening

T = TypeVar("T")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(message)}")  # messages hold [brackets]
    raise SystemExit(code)


def read_input(path: str, fmt: ArticleFormat = "auto", *, title: str | None = None) -> ArticleInput:
    """PATH, '-' for stdin, or an http(s) URL (fetched later, under the ``fetch`` settings); bytes must be UTF-8."""
    if path.lower().startswith(("http://", "https://")):
        return ArticleInput(url=path, format=fmt, title=title)
    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "stdin"
    else:
        file = Path(path)
        if not file.is_file():
            fail(f"{path}: no such file")
        raw = file.read_bytes()
        name = file.name
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{name} is not UTF-8 (bad byte at {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8")
    return ArticleInput(text=text, format=fmt, title=title)


def run_with_status(message: str, work: Callable[[], Awaitable[T]], *, quiet: bool = False) -> T:
    """Run ``work`` with a progress bar on stderr (stage, chunk k of n, model calls, key points as they are
    grounded); factalign errors become a message and an exit code."""
    try:
        if quiet or not console.is_terminal:
            return asyncio.run(_call(work))
        with ProgressView(console, message) as view, listening(view):
            return asyncio.run(_call(work))
    except InputError as exc:
        fail(exc.message, 2)
    except ModelError as exc:
        fail(f"{exc.message}", 3)
    except FactalignError as exc:
        fail(exc.message, 4)
    except KeyboardInterrupt:
        fail("interrupted", 130)


async def _call(work: Callable[[], Awaitable[T]]) -> T:
    return await work()
