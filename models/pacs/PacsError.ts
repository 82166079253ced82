/**
 * The one error type of the DICOMweb client. Its message is one sentence a
 * user can act on (what failed, against which server, why); it never holds
 * patient data: queries are not echoed, only the server's address.
 */
export class PacsError extends Error {
  override name = 'PacsError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
