import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Settings the back end keeps between launches, in <app data>/settings.json. */
export const appSettingsSchema = z.object({
  activeModelId: z.string().nullable().default(null),
  /** Where the model runs: the local ONNX runtime or the model server below. */
  backend: z.enum(['local', 'server']).default('local'),
  modelServer: z
    .object({
      baseUrl: z.string(),
      model: z.string(),
      experts: z.record(z.string(), z.string()).default({}),
      apiKeyEnv: z.string().optional(),
    })
    .nullable()
    .default(null),
  /** The server's key sealed by the OS keychain (Electron safeStorage), base64; never the key itself. */
  sealedApiKey: z.string().nullable().default(null),
  /** host:port of the non-loopback servers the user agreed to send images to. */
  consentedHosts: z.array(z.string()).default([]),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

const file = (home: string) => join(home, 'settings.json');

/** A missing or corrupt settings file gives the defaults (and is rewritten on the next save). */
export async function readAppSettings(home: string): Promise<AppSettings> {
  try {
    const parsed = appSettingsSchema.safeParse(JSON.parse(await readFile(file(home), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to defaults
  }
  return appSettingsSchema.parse({});
}

export async function writeAppSettings(home: string, settings: AppSettings): Promise<void> {
  await mkdir(home, { recursive: true });
  const temp = `${file(home)}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`);
  await rename(temp, file(home));
}
