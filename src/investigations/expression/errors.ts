/**
 * The one error type of the expression language. Definitions are written by people, so every error says what is
 * wrong and where: `position` is the 0-based offset into the expression text, and the message gives it 1-based, as
 * an editor shows columns.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    /** 0-based offset of the offending character in the expression text. */
    readonly position: number,
  ) {
    super(`${reason} (at character ${position + 1})`);
  }

  /** The same error, `offset` characters further on: for an expression embedded in a longer text. */
  shifted(offset: number): ExpressionError {
    return new ExpressionError(this.reason, this.position + offset);
  }
}
