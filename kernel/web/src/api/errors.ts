// The API's refusals: {status, key, message, metadata}; a validation error names
// each field it refuses in metadata.fields ({"configuration.password": "..."}).

export class ApiError extends Error {
  readonly status: number;
  readonly key: string;
  readonly metadata: Record<string, unknown>;

  constructor(status: number, key: string, message: string, metadata?: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.key = key;
    this.metadata = metadata ?? {};
  }

  /// The message the server gave for each field it refused ("" key: the whole request).
  get fields(): Record<string, string> {
    const fields = this.metadata.fields;
    if (!fields || typeof fields !== "object") return {};
    const out: Record<string, string> = {};
    for (const [name, problem] of Object.entries(fields as Record<string, unknown>)) out[name] = String(problem);
    return out;
  }

  /// The field's message, found under its name or a dotted name ending in it
  /// ("password" finds "configuration.password").
  fieldError(name: string): string | undefined {
    const fields = this.fields;
    if (fields[name] !== undefined) return fields[name];
    const suffix = "." + name;
    const found = Object.keys(fields).find((key) => key.endsWith(suffix));
    return found === undefined ? undefined : fields[found];
  }

  static from(status: number, body: unknown): ApiError {
    if (body && typeof body === "object") {
      const b = body as Record<string, unknown>;
      if (typeof b.message === "string")
        return new ApiError(Number(b.status) || status, String(b.key ?? "error"), b.message, b.metadata as Record<string, unknown>);
    }
    return new ApiError(status, "error", `the server answered ${status}`);
  }
}

/// A readable sentence for any error a query or mutation threw.
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
