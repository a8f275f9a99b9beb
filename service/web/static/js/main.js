// The page's wiring: article slots, Summarise / Compare, progress while the model works, results and errors.

import { ApiError, postJSON } from "./api.js";
import { clear, el } from "./dom.js";
import { ArticleEditor, MAX_ARTICLES } from "./editor.js";
import { installLinks, resetLinks } from "./links.js";
import { Progress } from "./progress.js";
import { renderCompare } from "./compare.js";
import { renderSingle } from "./single.js";

const $ = (id) => document.getElementById(id);
const result = $("result");
const errorBox = $("error");
const progress = new Progress($("status"), $("status-text"), $("status-elapsed"));
let running = null;

let editor = null;
const apiKey = () => $("api-key").value.trim(); // kept in the page only: never stored

function updateButtons() {
  if (!editor) return;
  const filled = editor.filled().length;
  const busy = running !== null;
  $("summarise").disabled = busy || filled !== 1;
  $("compare").disabled = busy || filled < 2;
  $("add-article").disabled = editor.slots.length >= MAX_ARTICLES;
  $("summarise").title = filled === 1 ? "" : "Summarise reads exactly one article";
  $("compare").title = filled >= 2 ? "" : "Compare needs two or more articles";
}

function showError(error, context = "") {
  const parts = [el("h2", { text: error.status ? `Error ${error.status}: ${error.type}` : error.type || "Error" })];
  if (context) parts.push(el("p", { class: "context", text: context }));
  parts.push(el("p", { class: "message", text: error.message }));
  if (Array.isArray(error.details) && error.details.length) {
    parts.push(el("ul", {}, error.details.slice(0, 10).map((d) => el("li", { text: d && d.field ? `${d.field}: ${d.problem}` : JSON.stringify(d) }))));
  } else if (typeof error.details === "string" && error.details) {
    parts.push(el("details", {}, el("summary", { text: "Details" }), el("pre", { text: error.details })));
  }
  if (error.status === 401) parts.push(el("p", { text: "Enter the key in the API key field next to Summarise, then try again." }));
  if (error.retryAfter) parts.push(el("p", { text: `The server asks to retry after ${error.retryAfter} s.` }));
  else if ([502, 503, 504].includes(error.status)) parts.push(el("p", { text: "The model side failed; this is often temporary: try again shortly." }));
  parts.push(el("p", {}, "See ", el("a", { href: "/docs", text: "the API docs" }), " for what each endpoint accepts."));
  errorBox.replaceChildren(...parts);
  errorBox.hidden = false;
}

function asError(exc, path) {
  if (exc instanceof ApiError) return exc;
  return new ApiError({ type: exc && exc.name ? exc.name : "Error", message: String(exc && exc.message ? exc.message : exc), path });
}

async function run(label, work) {
  if (running) return;
  errorBox.hidden = true;
  clear(errorBox);
  resetLinks();
  clear(result);
  running = new AbortController();
  updateButtons();
  progress.start(label, () => running && running.abort());
  const started = performance.now();
  try {
    const node = await work(running.signal, () => performance.now() - started);
    if (node) {
      result.replaceChildren(node);
      result.focus({ preventScroll: false });
    }
  } catch (exc) {
    if (exc && exc.name === "AbortError") showError(new ApiError({ type: "Cancelled", message: "request cancelled; nothing was shown" }));
    else showError(asError(exc));
  } finally {
    progress.stop();
    running = null;
    updateButtons();
  }
}

function summarise() {
  const slots = editor.filled();
  if (slots.length !== 1) {
    showError(new ApiError({ type: "Input", message: "Summarise reads exactly one article: fill one slot, or press Compare for several." }));
    return;
  }
  const body = editor.articleBody(slots[0]);
  run("Summarising the article and listing its claims", async (signal, elapsed) => {
    const [summary, claims] = await Promise.allSettled([
      postJSON("/v1/summaries", body, { signal, apiKey: apiKey(), onProgress: (event) => progress.event("summary", event) }),
      postJSON("/v1/claims", body, { signal, apiKey: apiKey(), onProgress: (event) => progress.event("claims", event) }),
    ]);
    const failed = [summary, claims].filter((outcome) => outcome.status === "rejected");
    if (failed.length === 2 || failed.some((outcome) => outcome.reason && outcome.reason.name === "AbortError")) throw failed[0].reason;
    const node = renderSingle({
      summary: summary.status === "fulfilled" ? summary.value : null,
      claims: claims.status === "fulfilled" ? claims.value : null,
      elapsedMs: elapsed(),
    });
    if (failed.length) {
      const [done, missing] = summary.status === "fulfilled" ? ["summary", "claims"] : ["claims", "summary"];
      showError(asError(failed[0].reason), `The ${done} below is complete; the ${missing} request failed:`);
    }
    return node;
  });
}

function compare() {
  const body = editor.articlesBody();
  if (body.articles.length < 2) {
    showError(new ApiError({ type: "Input", message: "Compare needs two or more articles: add another, or press Summarise for one." }));
    return;
  }
  run(`Comparing ${body.articles.length} articles`, async (signal, elapsed) => {
    const response = await postJSON("/v1/reports", body, {
      signal,
      apiKey: apiKey(),
      onProgress: (event) => progress.event("report", event),
    });
    return renderCompare({ response, elapsedMs: elapsed() });
  });
}

function runBest() {
  if (editor.filled().length >= 2) compare();
  else summarise();
}

$("add-article").addEventListener("click", () => editor.add()?.querySelector("textarea").focus());
$("clear-articles").addEventListener("click", () => editor.clearAll());
$("summarise").addEventListener("click", summarise);
$("compare").addEventListener("click", compare);
$("upload").addEventListener("change", async (event) => {
  const input = event.target;
  const skipped = await editor.loadFiles([...input.files]);
  input.value = "";
  if (skipped.length) showError(new ApiError({ type: "Input", message: `At most ${MAX_ARTICLES} articles; not loaded: ${skipped.join(", ")}` }));
});
editor = new ArticleEditor($("articles"), $("article-slot"), { onChange: updateButtons, onSubmit: runBest });
installLinks(result, $("inspector"));
updateButtons();
document.documentElement.dataset.ready = "true";
