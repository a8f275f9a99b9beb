// Several articles: the consensus on top, then one column per article with agreements, compatible reports,
// conflicts and unique claims marked in its cleaned text and linked to their partners in the other columns.

import { byline } from "./byline.js";
import { badge, el, folded, section } from "./dom.js";
import { downloadLink } from "./download.js";
import { describe, linkButton } from "./links.js";
import { renderMeta } from "./meta.js";
import { keyPointItems, supportNote } from "./single.js";
import { evidenceSpan, flaggedNote, flaggedSpans, removedLines, renderText } from "./textview.js";

const DETAIL = {
  different_precision: "one report is more precise than the other",
  different_detail: "one report adds a detail the other leaves out",
};
const RELATION = { agree: "Agreement", compatible: "Compatible", conflict: "Conflict" };

export function pairKey(pair) {
  return ["pair", pair.relation, pair.left.article_id, pair.left.claim_id, pair.right.article_id, pair.right.claim_id].join(":");
}

function uniqueKey(ref) {
  return ["unique", ref.article_id, ref.claim_id].join(":");
}

function labeller(articles) {
  const names = new Map(articles.map((a) => [a.id, a.source || a.title || a.id]));
  return (id) => names.get(id) || id;
}

function conflictText(pair, side, name) {
  const [own, other, otherId] =
    side === "left" ? [pair.left_value, pair.right_value, pair.right.article_id] : [pair.right_value, pair.left_value, pair.left.article_id];
  const values = own || other ? `: ${own ?? "?"} here, ${other ?? "?"} in ${name(otherId)}` : "";
  return `${pair.conflict_type} conflict${values}`;
}

function pairNote(pair, name) {
  const title = pair.relation === "conflict" ? `Conflict: ${pair.conflict_type}${pair.severity ? ` (${pair.severity})` : ""}` : RELATION[pair.relation];
  return el(
    "div",
    { class: `pair-note ${pair.relation}` },
    el("h4", { text: title }),
    pair.detail ? el("p", { class: "note", text: `Note: ${DETAIL[pair.detail] || pair.detail}.` }) : null,
    el("p", {}, el("strong", { text: `${name(pair.left.article_id)}: ` }), pair.left.text, pair.left_value ? badge(pair.left_value, "value") : null),
    el("p", {}, el("strong", { text: `${name(pair.right.article_id)}: ` }), pair.right.text, pair.right_value ? badge(pair.right_value, "value") : null),
    pair.explanation ? el("p", { class: "explanation", text: pair.explanation }) : null,
    el("p", { class: "quiet", text: `decided by ${pair.decided_by} · method ${pair.method} · similarity ${pair.similarity.toFixed(2)}` }),
  );
}

function pairSpans(pair, name) {
  const key = pairKey(pair);
  describe(key, () => pairNote(pair, name));
  const spans = [];
  for (const side of ["left", "right"]) {
    const ref = pair[side];
    const other = pair[side === "left" ? "right" : "left"];
    let after = null;
    if (pair.relation === "conflict") after = [badge(conflictText(pair, side, name), "conflict")];
    else if (pair.detail) after = [badge(`${pair.detail.replace("_", " ")}`, "detail")];
    const label = `${RELATION[pair.relation]} with ${name(other.article_id)}: ${other.text}`;
    const span = evidenceSpan(ref.evidence, { classes: [pair.relation], keys: [key], label, after });
    if (span) spans.push([ref.article_id, span]);
  }
  return spans;
}

function consensusBlock(report, name, spansFor) {
  const items = report.consensus.map((point, i) => {
    const key = `consensus:${i + 1}`;
    for (const ref of point.claims) {
      const span = evidenceSpan(ref.evidence, { classes: [], keys: [key] });
      if (span) spansFor(ref.article_id).push(span);
    }
    describe(key, () =>
      el("div", {}, el("h4", { text: "Reported by several articles" }), ...point.claims.map((ref) => el("p", {}, el("strong", { text: `${name(ref.article_id)}: ` }), ref.text))),
    );
    return el("li", {}, linkButton(key, { class: "consensus" }, point.text, " ", badge(point.article_ids.map(name).join(" + "), "quiet")));
  });
  return section(
    "What the articles agree on",
    items.length ? el("ol", { class: "consensus-list" }, items) : el("p", { class: "note", text: "No fact is reported by two or more articles." }),
  );
}

function disputedBlock(report) {
  if (!report.disputed.length) return section("Disputed", el("p", { class: "note", text: "No conflicts found." }));
  const items = report.disputed.map((point) =>
    el("li", {}, linkButton(pairKey(point.conflict), { class: "disputed" }, badge(point.conflict.conflict_type, "conflict"), " ", point.text)),
  );
  return section("Disputed", el("ul", { class: "disputed-list" }, items));
}

function singleSourceBlock(report) {
  const items = report.single_source.map((point) => el("li", {}, linkButton(uniqueKey(point.claim), { class: "unique-item" }, point.attributed)));
  if (!items.length) return null;
  return folded(`Reported by one article only (${items.length})`, el("ul", {}, items));
}

function column(article, digest, spans, counts, index) {
  const name = article.source || article.title || article.id;
  const summary = digest && digest.summary;
  if (summary) {
    summary.key_points.forEach((point, i) =>
      spans.push(evidenceSpan(point.evidence, { classes: ["kp"], keys: [`kp:${index}:${i + 1}`], label: `Key point ${i + 1}` })),
    );
  }
  return el(
    "section",
    { class: "column", "aria-label": name, dataset: { article: article.id } },
    el(
      "header",
      {},
      el("h3", { text: name }),
      article.title && article.title !== name ? el("p", { class: "title", text: article.title }) : null,
      byline(article),
    ),
    el(
      "p",
      { class: "counts" },
      badge(`${counts.agree} agreed`, "agree"),
      " ",
      badge(`${counts.compatible} compatible`, "compatible"),
      " ",
      badge(`${counts.conflict} in conflict`, "conflict"),
      " ",
      badge(`${counts.unique} unique`, "unique"),
    ),
    summary ? el("p", { class: "headline", text: summary.headline }) : null,
    summary ? supportNote(summary.headline_support, "headline") : null,
    summary ? el("p", { class: "summary", text: summary.summary }) : null,
    summary ? folded(`Key points (${summary.key_points.length})`, el("ol", { class: "points" }, keyPointItems(summary.key_points, `kp:${index}:`))) : null,
    flaggedNote(article),
    renderText(article.cleaned_text, spans.filter(Boolean), { label: `Cleaned text of ${name}` }),
    removedLines(article),
  );
}

export function renderCompare({ response, elapsedMs }) {
  const { report, articles, meta } = response;
  const alignment = report.alignment;
  const name = labeller(articles);
  const spans = new Map(articles.map((a) => [a.id, flaggedSpans(a)]));
  const spansFor = (id) => spans.get(id) || spans.set(id, []).get(id);
  const counts = new Map(articles.map((a) => [a.id, { agree: 0, compatible: 0, conflict: 0, unique: 0 }]));
  const pairs = [...alignment.agreements, ...(alignment.compatible || []), ...alignment.conflicts];
  for (const pair of pairs) {
    for (const [id, span] of pairSpans(pair, name)) {
      spansFor(id).push(span);
      if (counts.has(id)) counts.get(id)[pair.relation] += 1;
    }
  }
  for (const ref of alignment.unique) {
    const key = uniqueKey(ref);
    describe(key, () => el("div", {}, el("h4", { text: `Only ${name(ref.article_id)} reports this` }), el("p", { text: ref.text })));
    const span = evidenceSpan(ref.evidence, { classes: ["unique"], keys: [key], label: `Only ${name(ref.article_id)} reports this` });
    if (span) spansFor(ref.article_id).push(span);
    if (counts.has(ref.article_id)) counts.get(ref.article_id).unique += 1;
  }
  const top = [consensusBlock(report, name, spansFor), disputedBlock(report), singleSourceBlock(report)];
  const digests = new Map(report.digests.map((d) => [d.article.id, d]));
  const columns = articles.map((article, i) => column(article, digests.get(article.id), spansFor(article.id), counts.get(article.id), i + 1));
  return el(
    "article",
    { class: "compare" },
    el("div", { class: "metas" }, renderMeta(`Report on ${articles.length} articles`, meta, elapsedMs), downloadLink("factalign-report.json", response)),
    el("div", { class: "overview" }, ...top),
    el(
      "p",
      { class: "legend" },
      "Hover or focus a marked span to light up its partners: ",
      badge("agreement", "agree"),
      " ",
      badge("compatible", "compatible"),
      " ",
      badge("conflict", "conflict"),
      " ",
      badge("unique", "unique"),
      " ",
      badge("key point", "kp"),
      " ",
      badge("flagged", "flagged"),
    ),
    el("div", { class: "columns" }, columns),
  );
}
