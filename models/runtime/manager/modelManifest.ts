import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadModelConfig } from '../internal/modelConfig';
import { dtypeSchema } from '../protocol';
import { verifyModelFolder } from '../verifyModelFolder';
import { estimateParameters, estimateRamBytes } from './estimateRamFit';

export const MANIFEST_FILE = 'mmx-manifest.json';

export const modelSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('import'), path: z.string() }),
  z.object({ kind: z.literal('download'), urls: z.array(z.string()) }),
  z.object({ kind: z.literal('demo') }),
]);
export type ModelSource = z.infer<typeof modelSourceSchema>;

export const modelManifestSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  name: z.string(),
  source: modelSourceSchema,
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })),
  /** SHA-256 over the sorted "path size sha256" lines: the identity of the model's content. */
  sha256: z.string(),
  totalBytes: z.number().int(),
  modelType: z.enum(['qwen2_vl', 'qwen2_5_vl']),
  dtypes: z.array(dtypeSchema),
  parameterCount: z.number().int(),
  estimatedRamBytes: z.number().int(),
  demo: z.boolean(),
  createdAt: z.string(),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile() && rel !== MANIFEST_FILE) out.push(rel);
  }
  return out.sort();
}

/** Hashes every file of a folder (except the manifest) and the folder as a whole. */
export async function hashModelFiles(
  dir: string,
): Promise<{ files: ModelManifest['files']; sha256: string; totalBytes: number }> {
  const files: ModelManifest['files'] = [];
  for (const rel of await listFiles(dir)) {
    const full = path.join(dir, rel);
    files.push({ path: rel, size: (await stat(full)).size, sha256: await sha256File(full) });
  }
  const sha256 = createHash('sha256')
    .update(files.map((f) => `${f.path} ${f.size} ${f.sha256}\n`).join(''))
    .digest('hex');
  return { files, sha256, totalBytes: files.reduce((n, f) => n + f.size, 0) };
}

/** Builds the manifest of a verified model folder (throws listing the folder's problems otherwise). */
export async function createManifest(
  dir: string,
  { id, name, source }: { id: string; name: string; source: ModelSource },
): Promise<ModelManifest> {
  const report = verifyModelFolder(dir);
  if (!report.ok || !report.modelType) {
    const first = report.problems.slice(0, 3).map((p) => `${p.file}: ${p.message}`);
    throw new Error(
      `the folder is not a valid model (${report.problems.length} problem(s): ${first.join('; ')}${report.problems.length > 3 ? '; ...' : ''})`,
    );
  }
  const config = loadModelConfig(dir);
  const hashed = await hashModelFiles(dir);
  const onnxBytes = hashed.files
    .filter((f) => f.path.startsWith('onnx/'))
    .reduce((n, f) => n + f.size, 0);
  const dtype = report.dtypes[0] ?? 'fp32';
  return {
    schemaVersion: 1,
    id,
    name,
    source,
    ...hashed,
    modelType: report.modelType,
    dtypes: report.dtypes,
    parameterCount: estimateParameters(config),
    // Only one dtype's weights are loaded at a time.
    estimatedRamBytes: estimateRamBytes(
      config,
      dtype,
      Math.round(onnxBytes / Math.max(1, report.dtypes.length)),
    ),
    demo: config.demo,
    createdAt: new Date().toISOString(),
  };
}

export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and validates `<dir>/mmx-manifest.json`; throws a one-line reason. */
export async function readManifest(dir: string): Promise<ModelManifest> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new Error(`${MANIFEST_FILE} is missing`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${MANIFEST_FILE} is malformed (${parsed.error.issues[0]?.path.join('.')})`);
  return parsed.data;
}
