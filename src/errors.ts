/**
 * An error in what the user gave us (a file, a flag, a line of input). The CLI prints
 * its message as one line and exits with `exitCode`; anything else that is thrown is a
 * bug in devtape and is reported as such.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
