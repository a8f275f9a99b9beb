// The line under an article's name: author, publication date, language and a link to where it came from.

import { el } from "./dom.js";

// Only web addresses become links: a javascript: or data: URL in an article's metadata stays plain text.
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function byline(article) {
  const parts = [article.author, article.published, article.language && article.language !== "en" ? `language: ${article.language}` : null]
    .filter(Boolean)
    .map((text) => el("span", { text }));
  if (article.url) {
    const href = safeHref(article.url);
    parts.push(href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: new URL(href).host }) : el("span", { text: article.url }));
  }
  if (!parts.length) return null;
  const line = el("p", { class: "byline" });
  parts.forEach((part, i) => line.append(...(i ? [" · ", part] : [part])));
  return line;
}
