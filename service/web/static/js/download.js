// "Download JSON": the API's own answer for the result on screen, for a script, a ticket or an archive.

import { el } from "./dom.js";

let lastUrl = null;

export function downloadLink(name, data) {
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  return el("a", { class: "button download", href: lastUrl, download: name, text: "Download JSON" });
}
