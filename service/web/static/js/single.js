// One article: headline, summary, key points and claims, each linked to its highlighted evidence in the text.

import { byline } from "./byline.js";
import { badge, el, folded, section } from "./dom.js";
import { downloadLink } from "./download.js";
import { describe, linkButton } from "./links.js";
import { renderMeta } from "./meta.js";
import { evidenceSpan, flaggedNote, flaggedSpans, removedLines, renderText } from "./textview.js";

export function supportNote(support, what) {
  if (!support || !support.unsupported_terms || !support.unsupported_terms.length) return null;
  return el("p", {
    class: "note warn",
    text: `Not in the article, likely invented in the ${what}: ${support.unsupported_terms.join(", ")}`,
  });
}

function evidenceNote(item) {
  const ev = item.evidence;
  if (!ev || !ev.grounded) return badge("evidence not found", "warn");
  const where = ev.sentence_ids && ev.sentence_ids.length ? `sentence ${ev.sentence_ids.join(", ")}` : ev.match;
  return badge(`${ev.match === "sentence" ? "" : `${ev.match} match, `}${where}`.replace(/, $/, ""), "quiet");
}

export function keyPointItems(points, keyPrefix) {
  return points.map((point, index) => {
    const key = `${keyPrefix}${index + 1}`;
    describe(key, () =>
      el("div", {}, el("h4", { text: `Key point ${index + 1}` }), el("p", { text: point.text }), quoteOf(point)),
    );
    const body = [point.text, " ", evidenceNote(point), point.method !== "model" ? badge(point.method, "quiet") : null];
    const item = point.evidence && point.evidence.grounded ? linkButton(key, { class: "point" }, ...body) : el("span", {}, ...body);
    return el("li", {}, item, point.text_source === "evidence" ? modelNote(point.model_text) : null);
  });
}

function quoteOf(item) {
  if (!item.evidence || !item.evidence.quote) return null;
  return el("blockquote", { text: item.evidence.quote });
}

function modelNote(modelText) {
  if (!modelText) return null;
  return el("p", { class: "note", text: `The model's wording failed the check and is replaced by the evidence. It wrote: ${modelText}` });
}

export function kindBadge(kind) {
  return badge(kind, `kind kind-${kind}`);
}

function claimItem(claim) {
  const key = `claim-${claim.id}`;
  const attribution = claim.attribution ? el("span", { class: "attribution", text: `according to ${claim.attribution}` }) : null;
  const values = [
    ...(claim.quantities || []).map((q) => badge(`${q.approximate ? "~" : ""}${q.value}${q.unit ? ` ${q.unit}` : ""}`, "value")),
    ...(claim.times || []).map((t) => badge(`${t.kind}: ${t.value}`, "value")),
  ];
  describe(key, () =>
    el("div", {}, el("h4", {}, `Claim ${claim.id} `, kindBadge(claim.kind)), el("p", { text: claim.text }), quoteOf(claim)),
  );
  const body = [kindBadge(claim.kind), " ", claim.text, " ", attribution, ...values, evidenceNote(claim)];
  const item = claim.evidence && claim.evidence.grounded ? linkButton(key, { class: "claim" }, ...body) : el("span", {}, ...body);
  return el("li", {}, item, claim.text_source === "evidence" ? modelNote(claim.model_text) : null);
}

function headlineBlock(summary) {
  return [
    el("h2", { class: "headline", text: summary.headline }),
    supportNote(summary.headline_support, "headline"),
    el("p", { class: "summary", text: summary.summary }),
    summary.summary_source === "evidence" && summary.model_summary
      ? el("p", { class: "note", text: "The model's summary failed the check; this is its key points' evidence instead." })
      : supportNote(summary.summary_support, "summary"),
  ];
}

function rejectedList(items, what) {
  if (!items || !items.length) return null;
  return folded(
    `${items.length} ${what} left out (evidence not found or invented terms)`,
    el("ul", {}, items.map((item) => el("li", { text: item.text }))),
  );
}

export function renderSingle({ summary, claims, elapsedMs }) {
  const article = (summary || claims).article;
  const spans = flaggedSpans(article);
  const parts = [];
  if (summary) {
    const points = summary.summary.key_points;
    points.forEach((point, i) =>
      spans.push(evidenceSpan(point.evidence, { classes: ["kp"], keys: [`kp-${i + 1}`], label: `Key point ${i + 1}` })),
    );
    parts.push(
      ...headlineBlock(summary.summary),
      section("Key points", el("ol", { class: "points" }, keyPointItems(points, "kp-")), rejectedList(summary.summary.rejected, "key points")),
    );
  }
  if (claims) {
    claims.claims.forEach((claim) =>
      spans.push(evidenceSpan(claim.evidence, { classes: ["claim"], keys: [`claim-${claim.id}`], label: `Claim ${claim.id} (${claim.kind})` })),
    );
    parts.push(section("Claims", el("ol", { class: "claims" }, claims.claims.map(claimItem)), rejectedList(claims.rejected, "claims")));
  }
  const title = article.title || article.source || "Article";
  return el(
    "article",
    { class: "single" },
    el(
      "div",
      { class: "metas" },
      renderMeta("Summary", summary && summary.meta, elapsedMs),
      renderMeta("Claims", claims && claims.meta),
      downloadLink("factalign-article.json", { summary, claims }),
    ),
    el(
      "div",
      { class: "single-grid" },
      el("div", { class: "findings" }, ...parts),
      el(
        "div",
        { class: "source" },
        el("h3", { text: `Cleaned text: ${title}` }),
        byline(article),
        el("p", { class: "legend" }, badge("key point evidence", "kp"), " ", badge("claim evidence", "claim"), " ", badge("flagged", "flagged")),
        flaggedNote(article),
        renderText(article.cleaned_text, spans.filter(Boolean), { label: `Cleaned text of ${title}` }),
        removedLines(article),
      ),
    ),
  );
}
