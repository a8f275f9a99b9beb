"""``factalign summarise`` and ``factalign claims``: one article from a file or stdin."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import RenderableType

from schemas.article import ArticleFormat
from service.cli.render import claims_view, summary_view
from service.cli.terminal import out, read_input, run_with_status
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.runtime import open_gateway
from service.settings import GroundingMode, Settings
from service.telemetry.observed import observed
from service.telemetry.tracing import traced

PathArg = Annotated[str, typer.Argument(help="Article file (plain text or HTML), an http(s) URL, or - for stdin.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the JSON response instead of the rich view.")]
FormatOpt = Annotated[str, typer.Option("--format", help="auto | text | html")]
GroundingOpt = Annotated[
    GroundingMode | None, typer.Option(help="quotes | sentences (default: per role; sentences for the embedded model)")
]
KeepOpt = Annotated[bool, typer.Option("--keep-ungrounded", help="Show ungrounded items in the main list, flagged.")]
TitleOpt = Annotated[str | None, typer.Option(help="Article title, if the file has none.")]


def _format(value: str) -> ArticleFormat:
    if value not in ("auto", "text", "html"):
        raise typer.BadParameter("use auto, text or html")
    return value  # type: ignore[return-value]


def _run(
    builder: Callable[..., Awaitable[BaseModel]],
    view: Callable[[Any], RenderableType],
    message: str,
    path: str,
    *,
    json_out: bool,
    fmt: str,
    grounding: GroundingMode | None,
    keep_ungrounded: bool,
    title: str | None,
) -> None:
    inp = read_input(path, _format(fmt), title=title)
    settings = Settings()
    options = RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded or None, fetch=settings.fetch)

    async def work() -> BaseModel:
        with traced(settings.telemetry):
            async with open_gateway(settings) as llm:
                return await builder(inp, observed(llm), settings.limits, options=options)

    resp = run_with_status(message, work)
    if json_out:
        out.print_json(resp.model_dump_json())
    else:
        out.print(view(resp))


def summarise_command(
    path: PathArg,
    json_out: JsonOpt = False,
    fmt: FormatOpt = "auto",
    grounding: GroundingOpt = None,
    keep_ungrounded: KeepOpt = False,
    title: TitleOpt = None,
) -> None:
    """Headline, summary and grounded key points of one article."""
    _run(summary_response, summary_view, "summarising (the embedded model takes ~5-15 s per call)…", path,
         json_out=json_out, fmt=fmt, grounding=grounding, keep_ungrounded=keep_ungrounded, title=title)  # fmt: skip


def claims_command(
    path: PathArg,
    json_out: JsonOpt = False,
    fmt: FormatOpt = "auto",
    grounding: GroundingOpt = None,
    keep_ungrounded: KeepOpt = False,
    title: TitleOpt = None,
) -> None:
    """Atomic claims of one article, each with kind, attribution and located evidence."""
    _run(claims_response, claims_view, "extracting claims (the embedded model takes ~10-60 s)…", path,
         json_out=json_out, fmt=fmt, grounding=grounding, keep_ungrounded=keep_ungrounded, title=title)  # fmt: skip
