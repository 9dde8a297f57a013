// The one API client: typed from the server's OpenAPI document (openapi.d.ts, written
// by the build from `polytomic openapi`), so a changed API shape fails the build.
// It sends the session cookie, and on every write the session's CSRF token.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./openapi";
import { ApiError } from "./errors";

export type { paths };

let csrfToken: string | undefined;

/// Set from GET /api/me once the session is known (see useMe).
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

const sessionWrites: Middleware = {
  onRequest({ request }) {
    if (!READS.has(request.method) && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(sessionWrites);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/// The answer's body, or an ApiError carrying the server's {status, key, message}.
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw ApiError.from(response.status, error);
  return data as T;
}

/// For routes the document does not type (undocumented) or raw answers: the same
/// cookie and CSRF handling, the same errors.
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!READS.has(method) && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw ApiError.from(response.status, parsed);
  return parsed as T;
}
