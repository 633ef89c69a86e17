/** A rule of the domain refused a command. `code` is machine-readable and stable. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream the command targets does not exist yet (e.g. a complaint not raised). */
export class StreamNotFound extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
