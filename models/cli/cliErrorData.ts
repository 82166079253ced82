import { AppError, type AppErrorData } from '../../electron/common/appError';
import { CliError, UsageError } from './command';

const firstLine = (text: string) => text.split('\n')[0] ?? '';

/** Any thrown value as the error data IPC and web mode show (title, suggestion; cause = detail). */
export function cliErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  const title = firstLine(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) return { code: 'usage', title };
  if (error instanceof CliError)
    return {
      code: error.code,
      title,
      ...(error.suggestion ? { suggestion: error.suggestion } : {}),
    };
  return { code: 'internal', title };
}

/**
 * The one stderr line of an error: the title (with its cause, as IPC shows it
 * folded), then the suggestion the app would show beside it.
 */
export function formatCliError(data: AppErrorData): string {
  const message = data.cause ? `${data.title}: ${firstLine(data.cause)}` : data.title;
  return `error: ${message}${data.suggestion ? ` — ${data.suggestion}` : ''}`;
}
