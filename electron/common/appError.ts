import { z } from 'zod';

/** Errors cross process boundaries as data (code, title, cause, suggestion). */
export const appErrorDataSchema = z.object({
  code: z.string(),
  title: z.string(),
  cause: z.string().optional(),
  suggestion: z.string().optional(),
});
export type AppErrorData = z.infer<typeof appErrorDataSchema>;

/**
 * An error a user may read: a short title and a suggestion, never a stack.
 * `cause` holds the technical detail (shown folded in the UI).
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly title: string;
  readonly suggestion?: string;
  readonly detail?: string;

  constructor(data: AppErrorData) {
    super(data.cause ? `${data.title}: ${data.cause}` : data.title);
    this.code = data.code;
    this.title = data.title;
    this.suggestion = data.suggestion;
    this.detail = data.cause;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, title: this.title };
    if (this.detail !== undefined) data.cause = this.detail;
    if (this.suggestion !== undefined) data.suggestion = this.suggestion;
    return data;
  }

  /** Wraps anything thrown into an AppError without leaking a stack. */
  static from(error: unknown, fallbackTitle = 'Something went wrong'): AppError {
    if (error instanceof AppError) return error;
    const cause = error instanceof Error ? error.message : String(error);
    return new AppError({ code: 'internal', title: fallbackTitle, cause });
  }
}

/** The result envelope every call returns across a boundary. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorDataSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;
