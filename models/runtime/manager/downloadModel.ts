import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { sha256File } from './modelManifest';
import { modelId, modelsDir } from './modelsDir';
import { placeModel, type InstalledModel } from './installedModels';

export interface DownloadFile {
  url: string;
  /**
   * Expected SHA-256 (hex); checked after the file is complete. Without it
   * the server's X-Linked-Etag / ETag is used when it is a SHA-256 (the
   * Hugging Face hub gives Git LFS files their SHA-256 there).
   */
  sha256?: string;
  /** Expected size in bytes, when known. */
  size?: number;
}

/** The network could not be reached at all (no connection, no DNS): not a problem of the file. */
export class NetworkUnavailableError extends Error {
  override name = 'NetworkUnavailableError';
}

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNREFUSED',
  'ENETDOWN',
]);

/** A quoted, possibly weak ETag that is a SHA-256 (64 hex digits); a Git SHA-1 (40) is not. */
export function sha256FromEtag(etag: string | null | undefined): string | undefined {
  const value = etag?.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return value && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

/**
 * GET with redirects followed by hand, so the headers of the first answer
 * are seen: the hub answers a Git LFS file with a redirect to its CDN that
 * carries X-Linked-Etag (the SHA-256) and X-Linked-Size.
 */
async function fetchFollowing(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<{ response: Response; linkedEtag?: string }> {
  let current = url;
  let linkedEtag: string | undefined;
  for (let hop = 0; hop < 6; hop++) {
    let response: Response;
    try {
      response = await fetch(current, { headers, signal, redirect: 'manual' });
    } catch (error) {
      if (signal?.aborted) throw error;
      const cause = (error as Error).cause;
      const code =
        typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
      if (OFFLINE_CODES.has(code))
        throw new NetworkUnavailableError(
          `downloadModel: cannot reach ${new URL(current).host} (${code})`,
        );
      throw new Error(`downloadModel: ${current} failed (${(error as Error).message})`);
    }
    linkedEtag ??= response.headers.get('x-linked-etag') ?? undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return { response, linkedEtag };
  }
  throw new Error(`downloadModel: ${url} redirects too often`);
}

export interface DownloadProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  receivedBytes: number;
  /** Size of this file, when the server says. */
  totalBytes?: number;
  /** True when this file continued from a partial download. */
  resumed: boolean;
}

/** Sidecar of a partial file: what to send as If-Range so a changed remote file restarts. */
interface PartInfo {
  url: string;
  validator?: string;
  /** The SHA-256 the server named when the download started. */
  sha256?: string;
}

/**
 * Where each URL lands inside the model folder: its path below the URLs'
 * common folder, so `.../repo/config.json` and `.../repo/onnx/x.onnx`
 * keep their layout. Hugging Face `resolve/<revision>/` URLs drop that prefix.
 */
export function downloadLayout(urls: string[]): string[] {
  const parsed = urls.map((u) => {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new Error(`downloadModel: '${u}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`downloadModel: only http(s) URLs, got '${u}'`);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const resolve = parts.indexOf('resolve');
    return resolve >= 0 && resolve + 2 < parts.length ? parts.slice(resolve + 2) : parts;
  });
  const folders = parsed.map((p) => p.slice(0, -1));
  let common = 0;
  const first = folders[0] ?? [];
  while (common < first.length && folders.every((f) => f[common] === first[common])) common++;
  const layout = parsed.map((p) => p.slice(common).join('/'));
  for (const rel of layout) {
    if (!rel || rel.split('/').some((s) => s === '..' || s === '.'))
      throw new Error(`downloadModel: cannot place '${rel}' safely`);
  }
  if (new Set(layout).size !== layout.length)
    throw new Error('downloadModel: two URLs would land on the same file');
  return layout;
}

async function downloadFile(
  file: DownloadFile,
  target: string,
  report: (received: number, total: number | undefined, resumed: boolean) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (existsSync(target)) return; // finished in an earlier run
  const part = `${target}.part`;
  const infoFile = `${target}.part.json`;
  await mkdir(path.dirname(target), { recursive: true });
  let have = existsSync(part) ? (await stat(part)).size : 0;
  let info: PartInfo | undefined;
  if (have > 0 && existsSync(infoFile)) {
    info = JSON.parse(await readFile(infoFile, 'utf8')) as PartInfo;
    if (info.url !== file.url) have = 0;
  }
  const headers: Record<string, string> = {};
  if (have > 0) {
    headers.Range = `bytes=${have}-`;
    if (info?.validator) headers['If-Range'] = info.validator;
  }
  const { response, linkedEtag } = await fetchFollowing(file.url, headers, signal);
  let resumed = false;
  let total: number | undefined;
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (response.status === 206) {
    // RFC 9110 §14.4: Content-Range: bytes first-last/complete-length
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!match || Number(match[1]) !== have) {
      await response.body?.cancel();
      throw new Error(`downloadModel: ${file.url} answered a resume with an unexpected range`);
    }
    resumed = true;
    total = match[3] === '*' ? undefined : Number(match[3]);
  } else if (response.status === 416 && have > 0) {
    await response.body?.cancel();
    // Range beyond the end: the part file already holds the whole file.
    await rename(part, target);
    await rm(infoFile, { force: true });
    return;
  } else if (response.ok) {
    have = 0;
    total = Number.isFinite(length) ? length : undefined;
  } else {
    await response.body?.cancel();
    throw new Error(`downloadModel: ${file.url} answered HTTP ${response.status}`);
  }
  if (!response.body) throw new Error(`downloadModel: ${file.url} sent no body`);
  const validator =
    response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
  const expected =
    file.sha256?.toLowerCase() ??
    sha256FromEtag(linkedEtag) ??
    sha256FromEtag(response.headers.get('etag')) ??
    (resumed ? info?.sha256 : undefined);
  await writeFile(
    infoFile,
    JSON.stringify({ url: file.url, validator, sha256: expected } satisfies PartInfo),
  );
  let received = have;
  report(received, total, resumed);
  // Each chunk is on disk before the next is read, so an interrupted transfer
  // leaves a part file that holds exactly what was received.
  const out = await open(part, resumed ? 'a' : 'w');
  try {
    for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
      await out.write(chunk as Uint8Array);
      received += (chunk as Uint8Array).length;
      report(received, total, resumed);
      signal?.throwIfAborted();
    }
  } finally {
    await out.close();
  }
  if (total !== undefined && received !== total) {
    throw new Error(
      `downloadModel: ${file.url} ended after ${received} of ${total} bytes; run again to resume`,
    );
  }
  if (file.size !== undefined && received < file.size) {
    throw new Error(
      `downloadModel: ${file.url} ended after ${received} of ${file.size} bytes; run again to resume`,
    );
  }
  if (file.size !== undefined && received > file.size) {
    await rm(part, { force: true });
    await rm(infoFile, { force: true });
    throw new Error(
      `downloadModel: ${path.basename(target)} has ${received} bytes, the catalog says ${file.size}; the partial file was deleted`,
    );
  }
  if (expected) {
    const actual = await sha256File(part);
    if (actual !== expected) {
      await rm(part, { force: true });
      await rm(infoFile, { force: true });
      throw new Error(
        `downloadModel: ${path.basename(target)} has SHA-256 ${actual}, expected ${expected}; the partial file was deleted`,
      );
    }
  }
  await rename(part, target);
  await rm(infoFile, { force: true });
}

/**
 * Downloads a model folder from a list of URLs into the app data folder.
 * Only runs when the user asks. Aborting the signal pauses: the partial
 * files stay in `.partial-<id>/` and the same call later resumes them with
 * HTTP Range requests. Files are checked against their SHA-256 when given;
 * the finished folder is verified and renamed into place in one step, so a
 * half-downloaded model never looks installed.
 */
export async function downloadModel({
  files,
  name,
  home,
  signal,
  onProgress,
}: {
  files: DownloadFile[];
  name: string;
  home?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}): Promise<InstalledModel> {
  if (files.length === 0) throw new Error('downloadModel: give at least one URL');
  const layout = downloadLayout(files.map((f) => f.url));
  const id = modelId(name);
  if (existsSync(path.join(modelsDir(home), id))) {
    throw new Error(`downloadModel: a model with the folder name '${id}' is already installed`);
  }
  const staging = path.join(modelsDir(home), `.partial-${id}`);
  for (const [index, file] of files.entries()) {
    signal?.throwIfAborted();
    const rel = layout[index] as string;
    await downloadFile(
      file,
      path.join(staging, rel),
      (receivedBytes, totalBytes, resumed) =>
        onProgress?.({
          file: rel,
          fileIndex: index,
          fileCount: files.length,
          receivedBytes,
          totalBytes,
          resumed,
        }),
      signal,
    );
  }
  const placed = await placeModel(staging, {
    home,
    name,
    source: { kind: 'download', urls: files.map((f) => f.url) },
  });
  return placed;
}
