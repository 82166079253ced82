import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPacsSecret, writePacsSecret } from './pacsServers';
import type { SecretStore } from './secretStore';

// A stand-in for the OS keychain: reversible, and never the plain text.
const keychain: SecretStore = {
  seal: (plain) => Buffer.from(`k:${plain}`).toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').toString().replace(/^k:/, ''),
};

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('PACS secrets', () => {
  it('are sealed by the keychain when the app has one, and opened again', async () => {
    home = mkdtempSync(join(tmpdir(), 'mmx-pacs-secrets-'));
    await writePacsSecret(home, 'orthanc', 'hunter2-password', keychain);
    const file = readFileSync(join(home, 'pacs-secrets.json'), 'utf8');
    expect(file).not.toContain('hunter2-password');
    expect(statSync(join(home, 'pacs-secrets.json')).mode & 0o777).toBe(0o600);
    expect(await readPacsSecret(home, 'orthanc', keychain)).toBe('hunter2-password');
    // Without that keychain (another machine, web mode) a sealed secret reads as none.
    expect(await readPacsSecret(home, 'orthanc')).toBeUndefined();
  });

  it('stay in the 0600 file as typed where there is no keychain (web mode), and can be removed', async () => {
    home = mkdtempSync(join(tmpdir(), 'mmx-pacs-secrets-'));
    await writePacsSecret(home, 'orthanc', 'token-1');
    expect(await readPacsSecret(home, 'orthanc')).toBe('token-1');
    await writePacsSecret(home, 'orthanc', null);
    expect(await readPacsSecret(home, 'orthanc')).toBeUndefined();
  });
});
