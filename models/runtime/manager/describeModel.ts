import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashModelFiles, readManifest } from './modelManifest';

/**
 * Name and content SHA-256 of a model folder: from its manifest when it was
 * imported or downloaded, else the config's `mmx_name` (or the folder name)
 * and a hash of its files (reads every file once).
 */
export async function describeModel(dir: string): Promise<{ name: string; sha256: string }> {
  try {
    const manifest = await readManifest(dir);
    return { name: manifest.name, sha256: manifest.sha256 };
  } catch {
    let name = path.basename(dir);
    const configFile = path.join(dir, 'config.json');
    if (existsSync(configFile)) {
      try {
        const config = JSON.parse(readFileSync(configFile, 'utf8')) as { mmx_name?: unknown };
        if (typeof config.mmx_name === 'string') name = config.mmx_name;
      } catch {
        // An unreadable config is reported by the load itself.
      }
    }
    return { name, sha256: (await hashModelFiles(dir)).sha256 };
  }
}
