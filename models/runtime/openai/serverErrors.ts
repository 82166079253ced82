import { AppError } from '../../../electron/common/appError';

/** Replaces the API key wherever it appears (a server may echo it back). */
export function redact(text: string, apiKey: string | undefined): string {
  return apiKey ? text.split(apiKey).join('***') : text;
}

/** The `error.message` of an OpenAI-style error body, or the body's first line. */
export function serverMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const error = 'error' in parsed ? parsed.error : undefined;
      if (typeof error === 'string') return error;
      if (typeof error === 'object' && error !== null && 'message' in error)
        return String(error.message);
      if ('message' in parsed) return String(parsed.message);
      if ('detail' in parsed) return String(parsed.detail);
    }
  } catch {
    // not JSON: use the text
  }
  return body.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

const CONTEXT_TOO_LONG =
  /context length|context window|maximum context|too long|too many tokens|exceeds? the (?:model'?s? )?(?:max|context)|n_ctx/i;

/** A one-line AppError for a failed HTTP answer (status ≥ 400) of a model server. */
export function httpError(
  status: number,
  message: string,
  { host, model, models }: { host: string; model: string; models?: string[] },
): AppError {
  const said = message ? ` (server said: ${message})` : '';
  if (status === 401 || status === 403) {
    return new AppError({
      code: 'server-unauthorized',
      title: `The model server ${host} refused the API key (${status})`,
      cause: message || undefined,
      suggestion: 'Check the API key (or the environment variable that holds it).',
    });
  }
  if (status === 404) {
    const list =
      models === undefined
        ? 'its /models list could not be read'
        : models.length
          ? `it serves: ${models.join(', ')}`
          : 'it lists no models';
    return new AppError({
      code: 'server-unknown-model',
      title: `The model server ${host} has no model '${model}'`,
      cause: list,
      suggestion: 'Use one of the listed model names, or check that the base URL ends in /v1.',
    });
  }
  if (status === 400 && CONTEXT_TOO_LONG.test(message)) {
    return new AppError({
      code: 'server-context-too-long',
      title: `The question and images are too long for the model's context on ${host}`,
      cause: message,
      suggestion: 'Send fewer or smaller images, shorten the question, or lower the answer budget.',
    });
  }
  if (status >= 500) {
    return new AppError({
      code: 'server-failed',
      title: `The model server ${host} failed (HTTP ${status})`,
      cause: message || undefined,
      suggestion: 'Look at the server’s log; ask again when it is healthy.',
    });
  }
  return new AppError({
    code: 'server-rejected',
    title: `The model server ${host} rejected the request (HTTP ${status})${said}`,
  });
}

/** A one-line AppError for a request that never got an HTTP answer. */
export function connectError(error: unknown, host: string): AppError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (code === 'ECONNREFUSED') {
    return new AppError({
      code: 'server-unreachable',
      title: `Cannot connect to the model server ${host} (connection refused)`,
      suggestion: 'Start the server, or check the host and port of the base URL.',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError({
      code: 'server-unreachable',
      title: `Cannot find the model server ${host} (no such host)`,
      suggestion: 'Check the host name of the base URL.',
    });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppError({
    code: 'server-unreachable',
    title: `Cannot reach the model server ${host}`,
    cause: code ? `${code}: ${detail}` : detail,
  });
}
