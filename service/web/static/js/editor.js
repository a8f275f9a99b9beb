// The article slots: 1–8 articles pasted, uploaded (or dropped) or given by URL, turned into API bodies.

export const MAX_ARTICLES = 8;

const HTML_FILE = /\.html?$/i;

export class ArticleEditor {
  constructor(container, template, { onChange = () => {}, onSubmit = () => {} } = {}) {
    this.container = container;
    this.template = template;
    this.onChange = onChange;
    this.onSubmit = onSubmit;
    this.add();
  }

  get slots() {
    return [...this.container.querySelectorAll("fieldset.slot")];
  }

  add() {
    if (this.slots.length >= MAX_ARTICLES) return null;
    const slot = this.template.content.firstElementChild.cloneNode(true);
    slot.querySelector(".remove").addEventListener("click", () => this.remove(slot));
    slot.addEventListener("input", () => this.onChange());
    const text = slot.querySelector("textarea");
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.onSubmit();
      }
    });
    text.addEventListener("dragover", (event) => event.preventDefault());
    text.addEventListener("drop", (event) => {
      const files = [...(event.dataTransfer?.files || [])];
      if (!files.length) return;
      event.preventDefault();
      this.load(files[0], slot);
    });
    this.container.append(slot);
    this.renumber();
    this.onChange();
    return slot;
  }

  remove(slot) {
    if (this.slots.length === 1) {
      this.reset(slot);
    } else {
      const next = slot.nextElementSibling || slot.previousElementSibling;
      slot.remove();
      next?.querySelector("textarea")?.focus();
    }
    this.renumber();
    this.onChange();
  }

  reset(slot) {
    slot.querySelectorAll("input, textarea").forEach((field) => (field.value = ""));
    slot.querySelector("select").value = "auto";
    slot.dataset.file = "";
    slot.querySelector(".slot-file").textContent = "";
  }

  clearAll() {
    this.slots.slice(1).forEach((slot) => slot.remove());
    this.reset(this.slots[0]);
    this.renumber();
    this.onChange();
  }

  renumber() {
    const slots = this.slots;
    slots.forEach((slot, index) => {
      slot.querySelector(".slot-name").textContent = `Article ${index + 1}`;
      slot.querySelector(".remove").setAttribute("aria-label", `Remove article ${index + 1}`);
    });
  }

  emptySlot() {
    return this.slots.find((slot) => !isFilled(slot)) || this.add();
  }

  async load(file, slot) {
    const target = slot || this.emptySlot();
    if (!target) throw new Error(`at most ${MAX_ARTICLES} articles: ${file.name} was not loaded`);
    target.querySelector("textarea").value = await file.text();
    target.querySelector("select").value = HTML_FILE.test(file.name) ? "html" : "auto";
    target.dataset.file = file.name;
    target.querySelector(".slot-file").textContent = `(${file.name})`;
    this.onChange();
    return target;
  }

  async loadFiles(files) {
    const skipped = [];
    for (const file of files) {
      const slot = this.emptySlot();
      if (!slot) skipped.push(file.name);
      else await this.load(file, slot);
    }
    return skipped;
  }

  filled() {
    return this.slots.filter(isFilled);
  }

  // The single-article body for /v1/summaries and /v1/claims.
  articleBody(slot) {
    return bodyOf(slot);
  }

  // The body for /v1/reports: every filled slot, each with a unique id the API accepts.
  articlesBody() {
    const used = new Set();
    const articles = this.filled().map((slot, index) => {
      const body = bodyOf(slot);
      const base = slug(body.source || slot.dataset.file || "") || `article-${index + 1}`;
      let id = base;
      for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
      used.add(id);
      return { id, ...body };
    });
    return { articles };
  }
}

export function isFilled(slot) {
  return Boolean(field(slot, "text") || field(slot, "url"));
}

function field(slot, name) {
  const node = slot.querySelector(`[name="${name}"]`);
  return node ? node.value.trim() : "";
}

function bodyOf(slot) {
  const body = {};
  const text = slot.querySelector("textarea").value;
  if (text.trim()) body.text = text;
  for (const name of ["title", "source", "url", "published", "language"]) {
    const value = field(slot, name);
    if (value) body[name] = value;
  }
  if (body.text) body.format = field(slot, "format") || "auto";
  return body;
}

function slug(value) {
  return value
    .replace(/\.[A-Za-z0-9]+$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9_.:-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}
