import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { SecretStore } from './secretStore';
import { join } from 'node:path';
import { z } from 'zod';

/** A PACS entry as stored in <app data>/pacs-servers.json (no secret). */
export const storedPacsServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  auth: z.enum(['none', 'basic', 'bearer']),
  username: z.string().optional(),
  /** When the user consented to this (remote) origin; absent for loopback servers. */
  remoteConsentAt: z.string().optional(),
});
export type StoredPacsServer = z.infer<typeof storedPacsServerSchema>;

const serversSchema = z.object({ servers: z.array(storedPacsServerSchema) });
const secretsSchema = z.record(z.string(), z.string());

const serversFile = (home: string) => join(home, 'pacs-servers.json');
/** Passwords and tokens, apart from the entries, readable by this user only (mode 0600). */
const secretsFile = (home: string) => join(home, 'pacs-secrets.json');

async function readJson<T>(file: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

async function writeJson(file: string, value: unknown, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await chmod(temp, mode);
  await rename(temp, file);
}

export async function readPacsServers(home: string): Promise<StoredPacsServer[]> {
  return (await readJson(serversFile(home), serversSchema, { servers: [] })).servers;
}

export async function writePacsServers(home: string, servers: StoredPacsServer[]): Promise<void> {
  await mkdir(home, { recursive: true });
  await writeJson(serversFile(home), { servers }, 0o644);
}

// A secret sealed by the OS keychain is kept with this prefix; without a
// keychain (web mode) the 0600 file holds it as typed.
const SEALED = 'sealed:';

/** One server's secret, opened with the keychain when it was sealed by it. */
export async function readPacsSecret(
  home: string,
  id: string,
  secrets?: SecretStore,
): Promise<string | undefined> {
  const stored = (await readJson(secretsFile(home), secretsSchema, {}))[id];
  if (stored === undefined || !stored.startsWith(SEALED)) return stored;
  // Sealed on a machine whose keychain is not here: as if none was stored.
  return secrets ? secrets.open(stored.slice(SEALED.length)) : undefined;
}

/** Sets (a string) or removes (null) the secret of one server; sealed by the keychain when there is one. */
export async function writePacsSecret(
  home: string,
  id: string,
  secret: string | null,
  secrets?: SecretStore,
): Promise<void> {
  await mkdir(home, { recursive: true });
  const stored = await readJson(secretsFile(home), secretsSchema, {});
  if (secret === null) delete stored[id];
  else stored[id] = secrets ? `${SEALED}${secrets.seal(secret)}` : secret;
  await writeJson(secretsFile(home), stored, 0o600);
}
