import { describeModel } from './describeModel';
import { hashModelFiles, readManifest } from './modelManifest';

/**
 * Name and content SHA-256 of a model folder: from its manifest when it was
 * imported or downloaded, else describeModel's name and a hash of its files
 * (reads every file once).
 */
export async function identifyModel(dir: string): Promise<{ name: string; sha256: string }> {
  try {
    const manifest = await readManifest(dir);
    return { name: manifest.name, sha256: manifest.sha256 };
  } catch {
    return { name: describeModel(dir).name, sha256: (await hashModelFiles(dir)).sha256 };
  }
}
