"""``factalign align A B [C...]``: align articles on one story, as a side-by-side view, JSON, or an HTML page."""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from service.cli.terminal import out, read_input, run_with_status
from service.settings import Settings

if TYPE_CHECKING:  # imported when the command runs: `factalign --help` must not pay for them
    from schemas.alignment import AlignedPair, AlignmentResponse

PathsArg = Annotated[
    list[str], typer.Argument(help="Two or more article files (text or HTML) or http(s) URLs on one story.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the JSON response instead of the rich view.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML page to this file.")]
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")
STYLE = {"agree": "green", "conflict": "bold red"}
DETAIL = {"different_precision": "one more precise", "different_detail": "one adds detail"}


def _article_ids(paths: list[str]) -> list[str]:
    """File stems as ids (characters an id may not hold become ``_``), made unique when two files share a name."""
    ids: list[str] = []
    for path in paths:
        stem = _ID_UNSAFE.sub("_", Path(path.split("?", 1)[0].rstrip("/")).stem)[:100] or "article"
        candidate, n = stem, 2
        while candidate in ids:
            candidate, n = f"{stem}-{n}", n + 1
        ids.append(candidate)
    return ids


def _pairs_table(title: str, pairs: "list[AlignedPair]", relation: str) -> Table:
    table = Table(title=f"{title} ({len(pairs)})", title_justify="left", expand=True, show_lines=True)
    table.add_column("", width=14, style=STYLE[relation])
    table.add_column("left")
    table.add_column("right")
    for p in pairs:
        label: str = p.conflict_type or (f"{p.relation}\n{DETAIL[p.detail]}" if p.detail else p.relation)
        if p.relation == "conflict":
            label = f"{label}\n{p.severity}\n{p.left_value} ≠ {p.right_value}"
        table.add_row(
            Text(f"{label}\n{p.decided_by}"),
            Text(f"[{p.left.article_id}] {p.left.text}"),
            Text(f"[{p.right.article_id}] {p.right.text}\n") + Text(p.explanation, style="dim"),
        )
    return table


def alignment_view(resp: "AlignmentResponse") -> RenderableType:
    from service.cli.render import meta_line

    a = resp.alignment
    unique = Table(title=f"Only one article ({len(a.unique)})", title_justify="left", expand=True)
    unique.add_column("article", width=14)
    unique.add_column("claim")
    for ref in a.unique:
        unique.add_row(ref.article_id, ref.text)
    s = a.stats
    stats = Text(
        f"{s.claims} claims · {s.candidate_pairs}/{s.possible_pairs} pairs judged · {s.settled_by_rules} settled by "
        f"rules · {s.model_batches} model batches ({s.failed_batches} failed) · {s.vetoed} verdicts vetoed",
        style="dim",
    )
    return Group(
        _pairs_table("Conflicts", a.conflicts, "conflict"),
        _pairs_table("Agreements", a.agreements, "agree"),
        unique,
        stats,
        meta_line(resp.meta),
    )


def align_command(paths: PathsArg, json_out: JsonOpt = False, html: HtmlOpt = None) -> None:
    """Align 2+ articles: what they agree on, what only one reports, and typed conflicts with evidence."""
    from schemas.alignment import AlignmentResponse, ArticleWithId
    from service.alignment.html import render_html
    from service.pipeline.responses import RequestOptions, alignment_response
    from service.runtime import open_gateway
    from service.telemetry.observed import observed
    from service.telemetry.tracing import traced

    settings = Settings()
    items = [
        ArticleWithId(id=article_id, **read_input(path).model_dump())
        for path, article_id in zip(paths, _article_ids(paths), strict=True)
    ]

    async def work() -> AlignmentResponse:
        with traced(settings.telemetry):
            async with open_gateway(settings) as llm:
                options = RequestOptions(fetch=settings.fetch)
                return await alignment_response(items, observed(llm), settings.limits, options=options)

    resp = run_with_status(f"aligning {len(items)} articles…", work)
    if html is not None:
        html.write_text(render_html(resp.alignment, resp.articles), encoding="utf-8")
    out.print_json(resp.model_dump_json()) if json_out else out.print(alignment_view(resp))
