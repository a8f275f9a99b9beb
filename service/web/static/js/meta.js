// What a request cost: model, method per stage, tokens, cost, cache and time, from the response's ``meta``.

import { el, seconds } from "./dom.js";

function cost(value) {
  if (value === null || value === undefined) return "unknown (no price for this model)";
  return `$${value.toFixed(value < 0.01 ? 5 : 3)}`;
}

function methods(meta) {
  const entries = Object.entries(meta.methods || {});
  if (!entries.length) return "not reported";
  return entries.map(([stage, method]) => `${stage}: ${method}`).join(", ");
}

function row(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

export function renderMeta(label, meta, elapsedMs) {
  if (!meta) return null;
  const model = meta.model ? `${meta.model}${meta.provider ? ` (${meta.provider})` : ""}` : "no model call";
  const prompts = Object.entries(meta.prompts || {})
    .map(([id, version]) => `${id} v${version}`)
    .join(", ");
  return el(
    "div",
    { class: "meta", role: "group", "aria-label": `${label}: request details` },
    el("h4", { text: label }),
    el(
      "dl",
      {},
      row("model", model),
      row("methods", methods(meta)),
      meta.grounding_mode ? row("grounding", meta.grounding_mode) : null,
      row("calls", `${meta.calls} (${meta.attempts} attempt${meta.attempts === 1 ? "" : "s"})`),
      row("tokens", `${meta.prompt_tokens} prompt + ${meta.completion_tokens} completion`),
      row("cost", cost(meta.cost_usd)),
      row("cached", meta.cached ? "yes: every call came from the cache" : "no"),
      row("server time", seconds(meta.latency_ms)),
      elapsedMs !== undefined ? row("wall time", seconds(elapsedMs)) : null,
      prompts ? row("prompts", prompts) : null,
    ),
  );
}
