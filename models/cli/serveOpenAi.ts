import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { listModels } from '../runtime/manager/installedModels';
import { startOpenAiServer, type ServedModel } from '../runtime/openaiServer/startOpenAiServer';
import { UsageError, type CommandIO } from './command';

/** The folders `mmx serve --openai` offers: --model's under its folder name, else every installed model under its id. */
async function servedModels(modelDir: string | undefined): Promise<ServedModel[]> {
  if (modelDir !== undefined) {
    const dir = resolve(modelDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UsageError(`--model ${modelDir}: no such folder`);
    if (!existsSync(join(dir, 'config.json')))
      throw new UsageError(`--model ${dir} has no config.json (see 'mmx model verify')`);
    return [{ id: basename(dir), dir }];
  }
  const installed = (await listModels()).filter((m) => m.manifest);
  if (installed.length === 0)
    throw new UsageError(
      "no installed model to serve; pass --model DIR or install one ('mmx model import')",
    );
  return installed.map((m) => ({ id: m.id, dir: m.dir }));
}

/**
 * `mmx serve --openai`: the local ONNX runtime as an OpenAI-compatible API
 * on 127.0.0.1. The first stdout line is the base URL, so scripts can read
 * it; a random key is printed once when --api-key is not given.
 */
export async function serveOpenAi(
  { modelDir, apiKey, port }: { modelDir?: string; apiKey?: string; port: number },
  io: CommandIO,
): Promise<void> {
  if (apiKey === '') throw new UsageError('--api-key must not be empty');
  const models = await servedModels(modelDir);
  const key = apiKey ?? `mmx-${randomBytes(24).toString('base64url')}`;
  const runtime = new ModelRuntime();
  const server = await startOpenAiServer({ runtime, models, apiKey: key, port });
  io.stdout.write(`${server.baseUrl}\n`);
  if (apiKey === undefined) io.stdout.write(`API key (new at every launch): ${key}\n`);
  io.stdout.write(
    `Serving ${models.map((m) => m.id).join(', ')} on this machine only. Ctrl+C stops it.\n`,
  );
  await new Promise<void>((resolveStop) => {
    if (io.signal.aborted) resolveStop();
    io.signal.addEventListener('abort', () => resolveStop(), { once: true });
    process.once('SIGTERM', () => resolveStop());
  });
  await server.close();
  await runtime.dispose();
}
