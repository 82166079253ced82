import { z } from 'zod';

const name = z.string().trim().min(1).max(200);

/** An environment variable's name (POSIX portable: letters, digits, underscore). */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'letters, digits and _ only, not starting with a digit');

/** What the user types to connect an OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, LM Studio). */
export const modelServerInputSchema = z
  .object({
    baseUrl: z.string().trim().min(1).max(2048),
    model: name,
    /** Specialty → served model (vLLM LoRA experts by name); routing falls back to `model`. */
    experts: z.record(z.string().min(1).max(64), name).default({}),
    /** Web mode: the environment variable of the back end that holds the key. */
    apiKeyEnv: envName.optional(),
  })
  .strict();
export type ModelServerInput = z.input<typeof modelServerInputSchema>;

export const setBackendRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('server'),
      server: modelServerInputSchema,
      /**
       * Desktop app only: the key, kept encrypted with the OS keychain
       * (Electron safeStorage). Omitted keeps the stored key; '' removes it.
       */
      apiKey: z.string().max(4096).optional(),
    })
    .strict(),
]);
export type SetBackendRequest = z.input<typeof setBackendRequestSchema>;

/** Where the model runs, and what the status bar says about privacy. */
export const backendStateSchema = z.object({
  kind: z.enum(['local', 'server']),
  server: z
    .object({
      baseUrl: z.string(),
      model: z.string(),
      experts: z.record(z.string(), z.string()),
      apiKeyEnv: z.string().optional(),
      /** Whether a key is stored (its value never crosses to the UI). */
      hasStoredKey: z.boolean(),
      /** host:port as the user is asked to trust it. */
      host: z.string(),
      /** 127.0.0.0/8, ::1, localhost: as private as the local runtime. */
      loopback: z.boolean(),
      /** The user agreed that images and questions go to this host. */
      consented: z.boolean(),
    })
    .nullable(),
  /** Whether keys can be stored encrypted here (the desktop app with an OS keychain). */
  canStoreKey: z.boolean(),
  /** null: nothing leaves this machine; else the host images are sent to. */
  sendsImagesTo: z.string().nullable(),
});
export type BackendState = z.infer<typeof backendStateSchema>;

export const consentRequestSchema = z.object({ host: z.string().min(1).max(300) }).strict();
