"""Rich terminal views of summaries and claims: evidence, offsets, and what was rejected and why."""

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from schemas.claims import Claim, ClaimsResponse
from schemas.evidence import Evidence, SupportCheck
from schemas.meta import Meta
from schemas.summary import SummaryResponse


def _evidence(ev: Evidence) -> Text:
    if not ev.grounded:
        return Text(f"✗ not found in the article: “{ev.model_quote or ev.quote}”", style="red")
    where = f"[{ev.start}:{ev.end}] sentence {','.join(map(str, ev.sentence_ids))} · {ev.match}"
    text = Text(f"“{ev.quote}”", style="italic")
    text.append(f"\n  {where}", style="dim")
    return text


def _support(check: SupportCheck) -> Text:
    if check.unsupported_terms:
        return Text(f"⚠ not in the article: {', '.join(check.unsupported_terms)}", style="yellow")
    return Text("")


def why_failed(check: SupportCheck) -> str:
    """Why a model-written text failed the support check, in the reader's terms."""
    if check.unsupported_terms:
        return f"its evidence does not back {', '.join(check.unsupported_terms)}"
    if check.entailment is not None:
        return f"its evidence does not entail it (consistency checker: {check.entailment:.2f})"
    return "too few of its words are in its evidence"


def _wording(source: str, model_text: str | None, check: SupportCheck) -> Text:
    """Say whose words are shown: the model's (with any invented terms) or the article's, when the model's failed."""
    if source == "evidence" and model_text is not None:
        note = f"(the article's words; the model wrote “{model_text}”, which failed the check: {why_failed(check)})"
        return Text(note, style="dim")
    if source == "evidence":
        return Text("(the article's words)", style="dim")  # extractive, hybrid and rules methods quote the article
    return _support(check)


def meta_line(meta: Meta) -> Text:
    cost = "unknown" if meta.cost_usd is None else f"${meta.cost_usd:.4f}"
    return Text(
        f"{meta.model} ({meta.provider}) · prompts {meta.prompts} · grounding {meta.grounding_mode} · "
        f"{meta.calls} call(s), {meta.attempts} attempt(s) · {meta.prompt_tokens}+{meta.completion_tokens} tokens · "
        f"cost {cost} · {'cached' if meta.cached else 'fresh'} · {meta.latency_ms / 1000:.2f}s",
        style="dim",
    )


def summary_view(resp: SummaryResponse) -> RenderableType:
    s = resp.summary
    head = Text(s.headline, style="bold")
    if s.model_headline is not None:
        head.append(f"\n(the model's headline “{s.model_headline}” failed the check: "
                    f"{why_failed(s.headline_support)})", style="yellow")  # fmt: skip
    elif s.headline_support.unsupported_terms:
        head.append(f"  ⚠ {', '.join(s.headline_support.unsupported_terms)} not in the article", style="yellow")
    elif not s.headline_support.supported:
        head.append("  ⚠ headline barely overlaps the article", style="yellow")
    body = Text(s.summary)
    if s.summary_source == "evidence" and s.model_summary is not None:
        why = why_failed(s.summary_support)
        body.append(f"\n(the model's summary failed the check against the article: {why}; shown: the top key "
                    f"points' evidence. The model wrote: “{s.model_summary}”)", style="yellow")  # fmt: skip
    elif s.summary_support.unsupported_terms:
        body.append(f"\n⚠ not in the article: {', '.join(s.summary_support.unsupported_terms)}", style="yellow")
    points = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    points.add_column("#", width=3)
    points.add_column("key point", ratio=2)
    points.add_column("evidence in the cleaned article", ratio=3)
    for i, kp in enumerate(s.key_points, 1):
        mark = "✓" if kp.grounded else "⚠"
        points.add_row(f"{mark}{i}", Text.assemble(kp.text, "\n", _wording(kp.text_source, kp.model_text, kp.support)),
                       _evidence(kp.evidence))  # fmt: skip
    parts: list[RenderableType] = [head, Text(""), body, Text(""), points]
    if s.rejected:
        parts.append(Text(f"\n{len(s.rejected)} key point(s) left out as ungrounded:", style="red"))
        for kp in s.rejected:
            parts.append(Text.assemble("  • ", kp.text, "  ", _evidence(kp.evidence), " ", _support(kp.support)))
    removed = len(resp.article.removed_lines)
    parts.append(Text(f"\ncleaned text: {len(resp.article.cleaned_text)} chars, {len(resp.article.sentences)} "
                      f"sentences, {removed} boilerplate line(s) removed", style="dim"))  # fmt: skip
    parts.append(meta_line(resp.meta))
    title = resp.article.title or resp.article.id
    return Panel(Group(*parts), title=Text(f"summary · {title}"), title_align="left")


def _claim_row(table: Table, claim: Claim) -> None:
    who = claim.attribution or "(article)"
    numbers = ", ".join(q.text for q in claim.quantities) + (" " if claim.quantities else "")
    numbers += ", ".join(t.text for t in claim.times)
    wording = _wording(claim.text_source, claim.model_text, claim.support)
    table.add_row(claim.id, claim.kind, Text(who), Text.assemble(claim.text, "\n", wording),
                  Text(numbers), _evidence(claim.evidence))  # fmt: skip


def claims_view(resp: ClaimsResponse) -> RenderableType:
    table = Table(show_header=True, header_style="bold", expand=True)
    for name in ("id", "kind", "who", "claim", "numbers/times", "evidence"):
        table.add_column(name)
    for claim in resp.claims:
        _claim_row(table, claim)
    parts: list[RenderableType] = [table]
    if resp.rejected:
        rejected = Table(show_header=False, expand=True, title="left out as ungrounded", title_style="red")
        for _ in range(6):
            rejected.add_column()
        for claim in resp.rejected:
            _claim_row(rejected, claim)
        parts.append(rejected)
    parts.append(meta_line(resp.meta))
    return Panel(Group(*parts), title=Text(f"claims · {resp.article.title or resp.article.id}"), title_align="left")
