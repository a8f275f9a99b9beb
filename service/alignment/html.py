"""A self-contained HTML page of an alignment: articles side by side, aligned claims and conflicts highlighted."""

from html import escape
from itertools import pairwise

from schemas.alignment import AlignedPair, Alignment
from schemas.article import Article

# Higher wins where highlighted spans overlap: a conflict must never be hidden under an agreement.
PRIORITY = {"conflict": 2, "agree": 1, "unique": 0}
CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin:.2rem 0}
.cols{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(320px,1fr);gap:1rem;overflow-x:auto}
.col{border:1px solid #ccc;border-radius:6px;padding:.8rem;white-space:pre-wrap;max-height:70vh;overflow-y:auto}
mark{border-radius:3px;padding:0 1px}
mark.agree{background:#c8f0c8}mark.conflict{background:#ffc9c9;
outline:1px solid #d33}mark.unique{background:#f3f3f3}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ddd;padding:.35rem;vertical-align:top}
th{background:#f6f6f6;text-align:left}.legend span{margin-right:1rem}.muted{color:#777;font-size:.85rem}
"""


def _spans(article: Article, alignment: Alignment) -> list[tuple[int, int, str, str]]:
    """(start, end, relation, tooltip) for every grounded claim of ``article`` that the alignment mentions."""
    out: list[tuple[int, int, str, str]] = []
    pairs = [("agree", p) for p in alignment.agreements] + [("conflict", p) for p in alignment.conflicts]
    for relation, pair in pairs:
        for ref in (pair.left, pair.right):
            ev = ref.evidence
            if ref.article_id == article.id and ev.grounded and ev.start is not None and ev.end is not None:
                out.append((ev.start, ev.end, relation, pair.explanation))
    for ref in alignment.unique:
        ev = ref.evidence
        if ref.article_id == article.id and ev.grounded and ev.start is not None and ev.end is not None:
            out.append((ev.start, ev.end, "unique", "reported only here"))
    return out


def highlight(article: Article, alignment: Alignment) -> str:
    """The cleaned text, escaped, with each character marked by the strongest relation covering it."""
    text = article.cleaned_text
    spans = _spans(article, alignment)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    parts: list[str] = []
    for start, end in pairwise(cuts):
        covering = [sp for sp in spans if sp[0] <= start and end <= sp[1]]
        chunk = escape(text[start:end])
        if not covering:
            parts.append(chunk)
            continue
        _, _, relation, tip = max(covering, key=lambda sp: PRIORITY[sp[2]])
        parts.append(f'<mark class="{relation}" title="{escape(tip)}">{chunk}</mark>')
    return "".join(parts)


_DETAIL = {"different_precision": "one is more precise", "different_detail": "one adds detail"}


def _pair_rows(pairs: list[AlignedPair], with_values: bool) -> str:
    rows = []
    for p in pairs:
        kind = escape(p.conflict_type or (f"{p.relation} ({_DETAIL[p.detail]})" if p.detail else p.relation))
        values = (
            f"<br><b>{escape(p.left_value or '')}</b> ≠ <b>{escape(p.right_value or '')}</b>" if with_values else ""
        )
        rows.append(
            f"<tr><td>{kind}{values}<div class=muted>{escape(p.severity or '')} · {escape(p.decided_by)}</div></td>"
            f"<td><span class=muted>{escape(p.left.article_id)}</span> {escape(p.left.text)}</td>"
            f"<td><span class=muted>{escape(p.right.article_id)}</span> {escape(p.right.text)}</td>"
            f"<td>{escape(p.explanation)}</td></tr>"
        )
    return "".join(rows)


def render_html(alignment: Alignment, articles: list[Article]) -> str:
    """One page, inline CSS, no scripts or external assets; every piece of article text is escaped."""
    columns = "".join(
        f"<div><h2>{escape(a.title or a.source or a.id)}</h2><div class=muted>{escape(a.id)}</div>"
        f"<div class=col>{highlight(a, alignment)}</div></div>"
        for a in articles
    )
    head = "<tr><th>type</th><th>left</th><th>right</th><th>why</th></tr>"
    s = alignment.stats
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>factalign alignment</title>"
        f"<style>{CSS}</style></head><body><h1>Alignment of {len(articles)} articles</h1>"
        "<p class=legend><span><mark class=agree>agree</mark></span><span><mark class=conflict>conflict</mark>"
        "</span><span><mark class=unique>only here</mark>"
        f"</span></p><p class=muted>{s.claims} claims · {s.candidate_pairs} of {s.possible_pairs} pairs judged · "
        f"{s.model_batches} model batches · {s.vetoed} model verdicts overridden by rules</p>"
        f"<div class=cols>{columns}</div>"
        f"<h2>Conflicts ({len(alignment.conflicts)})</h2><table>{head}{_pair_rows(alignment.conflicts, True)}</table>"
        f"<h2>Agreements ({len(alignment.agreements)})</h2><table>{head}{_pair_rows(alignment.agreements, False)}"
        "</table></body></html>"
    )
