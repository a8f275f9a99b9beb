// Progress while the model works: a spinner, what is running and the elapsed time, and a Cancel button.

import { seconds } from "./dom.js";

export class Progress {
  constructor(box, text, elapsed) {
    this.box = box;
    this.text = text;
    this.elapsed = elapsed;
    this.timer = null;
    this.cancel = box.querySelector("#cancel");
    this.onCancel = null;
    this.cancel.addEventListener("click", () => this.onCancel && this.onCancel());
  }

  start(label, onCancel) {
    this.onCancel = onCancel;
    this.text.textContent = `${label}…`;
    this.started = performance.now();
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
    this.box.hidden = false;
    document.body.setAttribute("aria-busy", "true");
  }

  tick() {
    this.elapsed.textContent = seconds(performance.now() - this.started);
  }

  // Streaming progress events (when the API offers them) replace the label with the current stage.
  stage(label) {
    this.text.textContent = `${label}…`;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.onCancel = null;
    this.box.hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}
