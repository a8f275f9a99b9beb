// The cleaned article text with marked spans (evidence, agreements, conflicts, flagged text). Offsets index
// the article's cleaned_text exactly as the API returns it; text is sliced into text nodes, never parsed.

import { el } from "./dom.js";

const ORDER = ["flagged-sentence", "flagged", "kp", "claim", "unique", "agree", "compatible", "conflict"];

function validSpan(span, length) {
  return (
    Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= length && span.start < span.end
  );
}

function uniq(values) {
  return [...new Set(values)];
}

// spans: [{start, end, classes: [..], keys: [..], label: "...", after: [Node, ...]}]
export function renderText(text, spans, { label = "Cleaned article text" } = {}) {
  const container = el("div", { class: "cleaned-text", role: "region", "aria-label": label, tabindex: 0 });
  const valid = spans.filter((span) => validSpan(span, text.length));
  const cuts = new Set([0, text.length]);
  for (const span of valid) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = valid.filter((span) => span.start <= a && span.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) {
      container.append(document.createTextNode(piece));
    } else {
      container.append(markFor(piece, covering, a));
    }
    for (const span of valid) {
      if (span.end === b && span.after) container.append(...span.after);
    }
  }
  return container;
}

function markFor(piece, covering, start) {
  const classes = uniq(covering.flatMap((span) => span.classes || []));
  classes.sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y));
  const keys = uniq(covering.flatMap((span) => span.keys || []));
  const labels = uniq(covering.map((span) => span.label).filter(Boolean));
  const startsSpan = covering.some((span) => span.start === start && (span.keys || []).length);
  return el(
    "mark",
    {
      class: ["span", ...classes],
      dataset: keys.length ? { keys: keys.join(" ") } : {},
      title: labels.join("\n") || null,
      tabindex: startsSpan ? 0 : null,
    },
    piece,
  );
}

export function evidenceSpan(evidence, props) {
  if (!evidence || !evidence.grounded || evidence.start === null || evidence.end === null) return null;
  return { start: evidence.start, end: evidence.end, ...props };
}

export function flaggedSpans(article) {
  const spans = (article.flagged || []).map((flag) => ({
    start: flag.start,
    end: flag.end,
    classes: ["flagged"],
    keys: [],
    label: `Flagged: ${flag.reason}. Kept as text, never used as a fact.`,
  }));
  for (const sentence of article.sentences || []) {
    if (!sentence.flag) continue;
    spans.push({
      start: sentence.start,
      end: sentence.end,
      classes: ["flagged-sentence"],
      keys: [],
      label: `This sentence holds instruction-shaped text (${sentence.flag}): never used as a key point, claim or evidence.`,
    });
  }
  return spans;
}

export function removedLines(article) {
  const lines = article.removed_lines || [];
  if (!lines.length) return null;
  return el(
    "details",
    { class: "removed" },
    el("summary", { text: `Removed while cleaning: ${lines.length} boilerplate line${lines.length === 1 ? "" : "s"}` }),
    el("ul", {}, lines.map((line) => el("li", { text: line }))),
  );
}

export function flaggedNote(article) {
  const count = (article.flagged || []).length || (article.sentences || []).filter((s) => s.flag).length;
  if (!count) return null;
  return el("p", {
    class: "note flagged-note",
    text: `${count} instruction-shaped span${count === 1 ? "" : "s"} marked in the text: kept as data, never used as a key point, claim or evidence.`,
  });
}
