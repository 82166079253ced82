import { z } from 'zod';

/** Tokens a generation read and wrote. */
export const usageSchema = z.object({
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
});
export type Usage = z.infer<typeof usageSchema>;

/** How long a generation took, as the worker measured it. */
export const timingsSchema = z.object({
  loadMs: z.number(),
  timeToFirstTokenMs: z.number(),
  tokensPerSecond: z.number(),
  totalMs: z.number(),
});
export type Timings = z.infer<typeof timingsSchema>;
