// Links between marked spans and the lists that point at them: hover or focus lights up every element that
// shares a key (partners across columns); a click on a list item scrolls each text to its span and marks it.

import { clear, el } from "./dom.js";

const notes = new Map(); // key -> () => Node: what the inspector shows for that link
let inspector = null;

export function resetLinks() {
  notes.clear();
  document.querySelectorAll(".lit, .active").forEach((node) => node.classList.remove("lit", "active"));
  if (inspector) {
    inspector.hidden = true;
    clear(inspector);
  }
}

export function describe(key, build) {
  notes.set(key, build);
}

function keysOf(node) {
  return (node.dataset.keys || "").split(" ").filter(Boolean);
}

function withKeys(keys) {
  if (!keys.length) return [];
  const selector = keys.map((key) => `[data-keys~="${CSS.escape(key)}"]`).join(",");
  return [...document.querySelectorAll(selector)];
}

function light(node) {
  const keys = keysOf(node);
  document.querySelectorAll(".lit").forEach((other) => other.classList.remove("lit"));
  withKeys(keys).forEach((other) => other.classList.add("lit"));
  showNotes(keys);
}

function unlight() {
  document.querySelectorAll(".lit").forEach((other) => other.classList.remove("lit"));
}

function showNotes(keys) {
  const built = keys.filter((key) => notes.has(key)).map((key) => notes.get(key)());
  if (!inspector || !built.length) return;
  clear(inspector).append(
    el("button", { type: "button", class: "close", "aria-label": "Close", text: "×", onclick: hideInspector }),
    ...built,
  );
  inspector.hidden = false;
}

function hideInspector() {
  if (inspector) inspector.hidden = true;
}

// Scroll every text that holds ``key`` to its first span, mark it active and focus the first one.
export function reveal(key) {
  document.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
  const marks = withKeys([key]).filter((node) => node.tagName === "MARK");
  const seen = new Set();
  let first = null;
  for (const mark of marks) {
    mark.classList.add("active");
    const text = mark.closest(".cleaned-text");
    if (seen.has(text)) continue;
    seen.add(text);
    mark.scrollIntoView({ block: "center", behavior: calm() ? "auto" : "smooth" });
    first = first || mark;
  }
  if (first) {
    if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
  }
  showNotes([key]);
  return marks.length;
}

export function linkButton(key, props, ...children) {
  return el(
    "button",
    { type: "button", class: ["link", props.class], dataset: { keys: key }, onclick: () => reveal(key), title: props.title },
    ...children,
  );
}

export function installLinks(root, inspectorNode) {
  inspector = inspectorNode;
  const over = (event) => {
    const node = event.target.closest && event.target.closest("[data-keys]");
    if (node && root.contains(node)) light(node);
  };
  const out = (event) => {
    const node = event.target.closest && event.target.closest("[data-keys]");
    if (node) unlight();
  };
  root.addEventListener("mouseover", over);
  root.addEventListener("focusin", over);
  root.addEventListener("mouseout", out);
  root.addEventListener("focusout", out);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideInspector();
  });
}

function calm() {
  return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}
