/**
 * The error a tokenizer.json that cannot be used surfaces as: its message names the field at fault
 * and says what it must be, so the extension can show it as is.
 */
export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}
