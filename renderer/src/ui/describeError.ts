/** What a user sees of an error: a title, a suggestion, the detail folded. */
export interface ErrorView {
  title: string;
  suggestion?: string;
  detail?: string;
}

interface AppErrorLike {
  title?: unknown;
  suggestion?: unknown;
  detail?: unknown;
  message?: unknown;
}

export function describeError(error: unknown): ErrorView {
  const e = (typeof error === 'object' && error !== null ? error : {}) as AppErrorLike;
  const title =
    typeof e.title === 'string'
      ? e.title
      : typeof e.message === 'string'
        ? e.message
        : String(error);
  return {
    title,
    suggestion: typeof e.suggestion === 'string' ? e.suggestion : undefined,
    detail: typeof e.detail === 'string' ? e.detail : undefined,
  };
}
