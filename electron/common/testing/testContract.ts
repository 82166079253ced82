import { z } from 'zod';
import { AppError } from '../appError';
import { createDispatcher, type ContractSpec, type HandlersOf } from '../rpc';

/**
 * A small contract with a call, a stream and an event, for testing the
 * transports independently of the app's own messages.
 */
export const testContract = {
  calls: {
    add: {
      request: z.object({ a: z.number(), b: z.number() }).strict(),
      response: z.object({ sum: z.number() }),
    },
    fail: { request: z.object({}).strict(), response: z.object({}) },
    /** Bytes in a request (image pixels): Electron IPC clones them, web mode's JSON carries base64. */
    sumBytes: {
      request: z.object({ bytes: z.instanceof(Uint8Array) }).strict(),
      response: z.object({ length: z.number(), sum: z.number() }),
    },
    broken: { request: z.object({}).strict(), response: z.object({ n: z.number() }) },
  },
  streams: {
    count: {
      request: z
        .object({ to: z.number().int().min(0).max(1000), delayMs: z.number().min(0).default(0) })
        .strict(),
      event: z.object({ n: z.number() }),
      result: z.object({ counted: z.number(), cancelled: z.boolean() }),
    },
  },
  events: { onDidPing: z.object({ at: z.number() }) },
} satisfies ContractSpec;

/** How far each cancelled `count` stream got, so a transport test can see the handler stop. */
export const countStreamsCancelled: number[] = [];

export const testHandlers: HandlersOf<typeof testContract, { mode: 'electron' | 'web' }> = {
  calls: {
    add: async ({ a, b }) => ({ sum: a + b }),
    sumBytes: async ({ bytes }) => ({
      length: bytes.length,
      sum: bytes.reduce((a, b) => a + b, 0),
    }),
    fail: async () => {
      throw new AppError({ code: 'nope', title: 'It failed on purpose', suggestion: 'Try again' });
    },
    // Returns something that violates its own response schema.
    broken: async () => ({ n: 'not a number' }) as unknown as { n: number },
  },
  streams: {
    count: async ({ to, delayMs }, emit, signal) => {
      let n = 0;
      while (n < to) {
        if (signal.aborted) {
          countStreamsCancelled.push(n);
          return { counted: n, cancelled: true };
        }
        emit({ n: ++n });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      return { counted: n, cancelled: false };
    },
  },
};

export const createTestDispatcher = () => createDispatcher(testContract, testHandlers);
