import type { z } from 'zod';
import { AppError, envelopeSchema, type Envelope } from './appError';

/**
 * The shape of a process-boundary contract: request/response calls, streams
 * (request → events → result) and pushed events. Transports (Electron IPC,
 * web-mode HTTP/SSE) only move envelopes; validation happens here, on both
 * sides, so the renderer cannot tell the transports apart.
 */
export interface CallSpec {
  request: z.ZodType;
  response: z.ZodType;
}
export interface StreamSpec {
  request: z.ZodType;
  event: z.ZodType;
  result: z.ZodType;
}
export interface ContractSpec {
  calls: Record<string, CallSpec>;
  streams: Record<string, StreamSpec>;
  /** Events the back end pushes to the UI (e.g. files opened from the menu). */
  events: Record<string, z.ZodType>;
}

export type Disposer = () => void;

/** The typed API the renderer uses. */
export type ApiOf<C extends ContractSpec> = {
  [K in keyof C['calls']]: (
    request: z.input<C['calls'][K]['request']>,
  ) => Promise<z.output<C['calls'][K]['response']>>;
} & {
  [K in keyof C['streams']]: (
    request: z.input<C['streams'][K]['request']>,
    onEvent: (event: z.output<C['streams'][K]['event']>) => void,
    signal?: AbortSignal,
  ) => Promise<z.output<C['streams'][K]['result']>>;
} & {
  [K in keyof C['events']]: (listener: (payload: z.output<C['events'][K]>) => void) => Disposer;
};

/** What a running stream looks like to a transport: cancel and a final envelope. */
export interface RawStream {
  cancel(): void;
  done: Promise<unknown>;
}

/**
 * What a transport provides: one raw function per message. In Electron the
 * preload exposes exactly this as window.api; in web mode the HTTP client does.
 */
export type RawApiOf<C extends ContractSpec> = {
  [K in keyof C['calls']]: (payload: unknown) => Promise<unknown>;
} & {
  [K in keyof C['streams']]: (payload: unknown, onMessage: (message: unknown) => void) => RawStream;
} & {
  [K in keyof C['events']]: (listener: (payload: unknown) => void) => Disposer;
};

/** Server-side implementations, one per call and stream. */
export type HandlersOf<C extends ContractSpec, Ctx> = {
  calls: {
    [K in keyof C['calls']]: (
      request: z.output<C['calls'][K]['request']>,
      context: Ctx,
    ) => Promise<z.input<C['calls'][K]['response']>>;
  };
  streams: {
    [K in keyof C['streams']]: (
      request: z.output<C['streams'][K]['request']>,
      emit: (event: z.input<C['streams'][K]['event']>) => void,
      signal: AbortSignal,
      context: Ctx,
    ) => Promise<z.input<C['streams'][K]['result']>>;
  };
};

/** Formats zod issues as one readable line: "field: problem; other: problem". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  code: string,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError({ code, title: `Invalid ${what}`, cause: describeIssues(parsed.error) });
  }
  return parsed.data;
}

function unwrap(envelopeValue: unknown, what: string): unknown {
  const envelope = parseOrThrow(envelopeSchema, envelopeValue, 'bad-response', `${what} response`);
  if (!envelope.ok) throw new AppError(envelope.error);
  return envelope.value;
}

const has = (record: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(record, key);

/** Builds the typed, validating API over a transport's raw functions. */
export function createApiClient<C extends ContractSpec>(contract: C, raw: RawApiOf<C>): ApiOf<C> {
  const api: Record<string, unknown> = {};
  const rawFns = raw as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, spec] of Object.entries(contract.calls)) {
    api[name] = async (request: unknown) => {
      const payload = parseOrThrow(spec.request, request, 'bad-request', `${name} request`);
      const value = unwrap(await rawFns[name]!(payload), name);
      return parseOrThrow(spec.response, value, 'bad-response', `${name} response`);
    };
  }
  for (const [name, spec] of Object.entries(contract.streams)) {
    api[name] = async (
      request: unknown,
      onEvent: (event: unknown) => void,
      signal?: AbortSignal,
    ) => {
      const payload = parseOrThrow(spec.request, request, 'bad-request', `${name} request`);
      signal?.throwIfAborted();
      const running = rawFns[name]!(payload, (message: unknown) => {
        const event = spec.event.safeParse(message);
        // A malformed event is dropped rather than crashing the UI; the final
        // result is still validated.
        if (event.success) onEvent(event.data);
      }) as RawStream;
      const onAbort = () => running.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const value = unwrap(await running.done, name);
        return parseOrThrow(spec.result, value, 'bad-response', `${name} result`);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    };
  }
  for (const [name, schema] of Object.entries(contract.events)) {
    api[name] = (listener: (payload: unknown) => void) =>
      rawFns[name]!((payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      });
  }
  return api as ApiOf<C>;
}

/**
 * Validates and runs handlers on the back-end side. Every transport goes
 * through this, so a malformed payload is refused the same way everywhere.
 */
export function createDispatcher<C extends ContractSpec, Ctx>(
  contract: C,
  handlers: HandlersOf<C, Ctx>,
): Dispatcher<Ctx> {
  const callHandlers = handlers.calls as Record<
    string,
    (request: unknown, context: Ctx) => Promise<unknown>
  >;
  const streamHandlers = handlers.streams as Record<
    string,
    (
      request: unknown,
      emit: (event: unknown) => void,
      signal: AbortSignal,
      context: Ctx,
    ) => Promise<unknown>
  >;
  const fail = (error: unknown): Envelope => ({ ok: false, error: AppError.from(error).toData() });

  return {
    isCall: (name: string) => has(contract.calls, name),
    isStream: (name: string) => has(contract.streams, name),

    async call(name: string, payload: unknown, context: Ctx): Promise<Envelope> {
      try {
        if (!has(contract.calls, name))
          throw new AppError({ code: 'unknown-call', title: `Unknown call '${name}'` });
        const spec = contract.calls[name]!;
        const request = parseOrThrow(spec.request, payload, 'bad-request', `${name} request`);
        const value = await callHandlers[name]!(request, context);
        return {
          ok: true,
          value: parseOrThrow(spec.response, value, 'internal', `${name} response`),
        };
      } catch (error) {
        return fail(error);
      }
    },

    async stream(
      name: string,
      payload: unknown,
      emit: (event: unknown) => void,
      signal: AbortSignal,
      context: Ctx,
    ): Promise<Envelope> {
      try {
        if (!has(contract.streams, name))
          throw new AppError({ code: 'unknown-stream', title: `Unknown stream '${name}'` });
        const spec = contract.streams[name]!;
        const request = parseOrThrow(spec.request, payload, 'bad-request', `${name} request`);
        const value = await streamHandlers[name]!(
          request,
          (event) => emit(parseOrThrow(spec.event, event, 'internal', `${name} event`)),
          signal,
          context,
        );
        return { ok: true, value: parseOrThrow(spec.result, value, 'internal', `${name} result`) };
      } catch (error) {
        return fail(error);
      }
    },
  };
}

/** What a transport needs from the back end: validated calls and streams. */
export interface Dispatcher<Ctx> {
  isCall(name: string): boolean;
  isStream(name: string): boolean;
  call(name: string, payload: unknown, context: Ctx): Promise<Envelope>;
  stream(
    name: string,
    payload: unknown,
    emit: (event: unknown) => void,
    signal: AbortSignal,
    context: Ctx,
  ): Promise<Envelope>;
}
