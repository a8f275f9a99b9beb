// Progress while the model works: a spinner, the elapsed time and a Cancel button; when the API streams
// progress events, the current stage, model calls, tokens and articles read for each running request.

import { el, seconds } from "./dom.js";

const STAGES = {
  fetch: "fetching the URL",
  clean: "cleaning the text",
  articles: "reading the articles",
  key_points: "finding key points",
  headline: "writing the headline",
  claims: "extracting claims",
  alignment: "aligning claims across articles",
  consistency: "checking consistency",
  fact_presence: "checking facts",
};

function stageName(stage) {
  return STAGES[stage] || String(stage).replaceAll("_", " ");
}

export class Progress {
  constructor(box, text, elapsed) {
    this.box = box;
    this.text = text;
    this.elapsed = elapsed;
    this.timer = null;
    this.cancel = box.querySelector("#cancel");
    this.detail = el("ul", { class: "progress-detail" });
    this.bar = el("progress", { max: 1, value: 0, hidden: true, "aria-label": "articles read" });
    this.box.append(this.bar, this.detail);
    this.onCancel = null;
    this.cancel.addEventListener("click", () => this.onCancel && this.onCancel());
  }

  start(label, onCancel) {
    this.onCancel = onCancel;
    this.text.textContent = `${label}…`;
    this.started = performance.now();
    this.requests = new Map();
    this.detail.replaceChildren();
    this.bar.hidden = true;
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
    this.box.hidden = false;
    document.body.setAttribute("aria-busy", "true");
  }

  tick() {
    this.elapsed.textContent = seconds(performance.now() - this.started);
  }

  // One progress event of the request called ``name`` (e.g. "summary", "claims", "report").
  event(name, event) {
    if (!this.requests.has(name)) {
      const line = el("li", { dataset: { request: name } });
      this.detail.append(line);
      this.requests.set(name, { line, stage: null, calls: 0, cached: 0, tokens: 0, items: 0 });
    }
    const state = this.requests.get(name);
    if (event.kind === "stage_started" && event.stage) state.stage = event.stage;
    if (event.kind === "model_call") {
      state.calls += 1;
      if (event.data && event.data.cached) state.cached += 1;
      state.tokens += ((event.data && event.data.prompt_tokens) || 0) + ((event.data && event.data.completion_tokens) || 0);
    }
    if (event.kind === "key_point" || event.kind === "claim") state.items += 1;
    if (event.total) {
      this.bar.max = event.total;
      this.bar.value = event.done || 0;
      this.bar.hidden = false;
    }
    const parts = [`${name}: ${state.stage ? stageName(state.stage) : "starting"}`];
    if (event.kind === "chunk" && event.total) parts.push(`part ${event.done} of ${event.total}`);
    if (event.kind === "article" && event.total) parts.push(`article ${event.done} of ${event.total} read`);
    parts.push(`${state.calls} model call${state.calls === 1 ? "" : "s"}${state.cached ? ` (${state.cached} cached)` : ""}`);
    if (state.tokens) parts.push(`${state.tokens} tokens`);
    if (state.items) parts.push(`${state.items} grounded so far`);
    state.line.textContent = parts.join(" · ");
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.onCancel = null;
    this.box.hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}
