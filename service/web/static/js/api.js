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

export async function postJSON(path, body, { signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
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
  try {
    return await response.json();
  } catch {
    throw new ApiError({ status: response.status, type: "BadResponse", message: "the server's answer is not JSON", path });
  }
}
