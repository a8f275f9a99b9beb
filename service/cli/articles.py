"""``factalign summarise`` and ``factalign claims``: one article from a file or stdin."""

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from schemas.article import ArticleFormat
from service.cli.terminal import out, read_input, run_with_status
from service.settings import GroundingMode, Settings

if TYPE_CHECKING:
    from pydantic import BaseModel

    from schemas.article import ArticleInput
    from service.cache import ResponseCache

# The pipeline, the gateway (litellm, instructor) and the cleaners (trafilatura, pysbd) are imported only on a
# miss: a repeated request is answered from the response cache first.
Kind = Literal["summary", "claims"]

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
    kind: Kind,
    message: str,
    path: str,
    *,
    json_out: bool,
    fmt: str,
    grounding: GroundingMode | None,
    keep_ungrounded: bool,
    title: str | None,
) -> None:
    from service.cache import open_cache
    from service.cache.requests import RequestCache

    inp = read_input(path, _format(fmt), title=title)
    settings = Settings()
    cache = open_cache(settings.cache)
    try:
        answers = RequestCache(cache, settings)
        key = answers.article_key(kind, inp, grounding=grounding, keep_ungrounded=keep_ungrounded or None)
        text = stored = None if key is None else answers.get(key)
        if text is None:
            resp = run_with_status(message, lambda: _compute(kind, inp, settings, cache, grounding, keep_ungrounded))
            if key is not None:
                stored = answers.put(key, resp)
            text = resp.model_dump_json()
    finally:
        cache.close()
    if stored is not None and json_out and settings.cache.enabled and settings.cache.backend == "disk":
        from service.cli import quick

        gguf = [str(settings.local_model.gguf_path)] if settings.local_model.gguf_path else []
        quick.remember(stored, cache_dir=str(settings.cache.directory), ttl_s=settings.cache.ttl_s, files=gguf)
    if json_out:
        out.print_json(text)
        return
    from schemas.claims import ClaimsResponse
    from schemas.summary import SummaryResponse
    from service.cli.render import claims_view, summary_view

    if kind == "summary":
        out.print(summary_view(SummaryResponse.model_validate_json(text)))
    else:
        out.print(claims_view(ClaimsResponse.model_validate_json(text)))


async def _compute(
    kind: Kind,
    inp: "ArticleInput",
    settings: Settings,
    cache: "ResponseCache",
    grounding: GroundingMode | None,
    keep_ungrounded: bool,
) -> "BaseModel":
    from service.pipeline.responses import RequestOptions, claims_response, summary_response
    from service.runtime import open_gateway
    from service.telemetry.observed import observed
    from service.telemetry.tracing import traced

    builder = summary_response if kind == "summary" else claims_response
    options = RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded or None, fetch=settings.fetch)
    with traced(settings.telemetry):
        async with open_gateway(settings, cache=cache) as llm:
            return await builder(inp, observed(llm), settings.limits, options=options)


def summarise_command(
    path: PathArg,
    json_out: JsonOpt = False,
    fmt: FormatOpt = "auto",
    grounding: GroundingOpt = None,
    keep_ungrounded: KeepOpt = False,
    title: TitleOpt = None,
) -> None:
    """Headline, summary and grounded key points of one article."""
    _run("summary", "summarising (the embedded model takes ~5-15 s per call)…", path,
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
    _run("claims", "extracting claims (the embedded model takes ~10-60 s)…", path,
         json_out=json_out, fmt=fmt, grounding=grounding, keep_ungrounded=keep_ungrounded, title=title)  # fmt: skip
