// Talking to the JSON API: POST a body, return the parsed response, or throw an ApiError that carries the
// server's {"error": {"type", "message", "details"}} so the page can show it as written.

export class ApiError extends Error {
  constructor({ status = 0, type = "Error", message, details = null, retryAfter = null, path = "" }) {
    super(message);
    this.status = status;
    this.type = type;
    this.details = details;
    this.retryAfter = retryAfter;
    this.path = path;
  }
}

async function errorFromResponse(response, path) {
  const raw = await response.text();
  let body = null;
  try {
    body = JSON.parse(raw);
  } catch {
    body = null;
  }
  const retryAfter = response.headers.get("Retry-After");
  if (body && body.error && typeof body.error.message === "string") {
    return new ApiError({
      status: response.status,
      type: body.error.type || "Error",
      message: body.error.message,
      details: body.error.details ?? null,
      retryAfter,
      path,
    });
  }
  if (body && body.detail !== undefined) {
    const message = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    return new ApiError({ status: response.status, type: "HTTPError", message, retryAfter, path });
  }
  const excerpt = raw.trim().slice(0, 300);
  const message = `the server answered ${response.status} ${response.statusText}` + (excerpt ? `: ${excerpt}` : "");
  return new ApiError({ status: response.status, type: "HTTPError", message, retryAfter, path });
}

// POST ``body`` as JSON. With ``onProgress`` the request asks for server-sent events (``?stream=true``):
// each ``progress`` event goes to onProgress, then the ``result`` event is returned or the ``error`` thrown.
// A server without streaming answers plain JSON, which is returned as is.
export async function postJSON(path, body, { signal, onProgress, apiKey = "" } = {}) {
  const streaming = typeof onProgress === "function";
  const headers = { "content-type": "application/json", accept: streaming ? "text/event-stream" : "application/json" };
  if (apiKey) headers["x-api-key"] = apiKey; // only when the server is configured with keys
  let response;
  try {
    response = await fetch(streaming ? `${path}?stream=true` : path, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal,
    });
  } catch (exc) {
    if (exc && exc.name === "AbortError") throw exc;
    throw new ApiError({
      type: "NetworkError",
      message: `could not reach the factalign server (${exc && exc.message ? exc.message : exc}); is it still running?`,
      path,
    });
  }
  if (!response.ok) throw await errorFromResponse(response, path);
  if (streaming && (response.headers.get("content-type") || "").startsWith("text/event-stream")) {
    return readEvents(response, path, onProgress);
  }
  try {
    return await response.json();
  } catch {
    throw new ApiError({ status: response.status, type: "BadResponse", message: "the server's answer is not JSON", path });
  }
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue; // keep-alive comment
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { name, data: data.join("\n") } : null;
}

async function readEvents(response, path, onProgress) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    buffer = buffer.replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (!event) continue;
      const payload = JSON.parse(event.data);
      if (event.name === "progress") onProgress(payload);
      else if (event.name === "result") return payload;
      else if (event.name === "error") {
        const error = payload.error || {};
        throw new ApiError({
          status: payload.status || 0,
          type: error.type || "Error",
          message: error.message || "the server reported an error without a message",
          details: error.details ?? null,
          path,
        });
      }
    }
    if (done) break;
  }
  throw new ApiError({ type: "StreamEnded", message: "the server closed the progress stream before sending the result", path });
}
