/**
 * Errors caused by the user's input (a bad scenario, an unknown arm, a missing file, a backend that is
 * not available). The CLI prints their message without a stack trace and exits non-zero.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
