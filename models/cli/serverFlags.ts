import { AppError } from '../../electron/common/appError';
import { OpenAiRuntime } from '../runtime/openai/OpenAiRuntime';
import {
  isLoopbackUrl,
  parseBaseUrl,
  serverHost,
  type ServerConfig,
} from '../runtime/openai/serverConfig';
import { CliError, UsageError, type CommandIO } from './command';

/** The flags `mmx ask` and `mmx eval` take to use an OpenAI-compatible server instead of --model. */
export const serverOptions = {
  server: { type: 'string' },
  'server-model': { type: 'string' },
  'api-key-env': { type: 'string' },
  expert: { type: 'string', multiple: true },
  'allow-remote': { type: 'boolean' },
} as const;

export const serverFlagsHelp = [
  '  --server URL          an OpenAI-compatible server instead of --model, e.g. http://127.0.0.1:8000/v1 (vLLM),',
  '                        http://127.0.0.1:11434/v1 (Ollama); only this machine unless --allow-remote',
  '  --server-model NAME   the model name on the server (default: its only model)',
  '  --api-key-env VAR     read the Bearer key from the environment variable VAR (never printed)',
  '  --expert S=NAME       answer questions routed to specialty S with the served model NAME (repeat; e.g. a vLLM LoRA module)',
  '  --allow-remote        allow a server on another machine: images and the question are sent to it',
].join('\n');

export interface ServerFlagValues {
  model?: string;
  server?: string;
  'server-model'?: string;
  'api-key-env'?: string;
  expert?: string[];
  'allow-remote'?: boolean;
}

/**
 * The server a command's flags name, or undefined for the local runtime.
 * A URL off this machine is refused without --allow-remote (images and the
 * question would leave it). Nothing is sent anywhere here except, when
 * --server-model is missing, one GET /models to the server the user named.
 */
export async function serverFromFlags(
  values: ServerFlagValues,
  {
    specialties,
    io,
    env = process.env,
  }: { specialties: readonly string[]; io: CommandIO; env?: NodeJS.ProcessEnv },
): Promise<ServerConfig | undefined> {
  if (values.server === undefined) {
    for (const flag of ['server-model', 'api-key-env', 'expert', 'allow-remote'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --server`);
    }
    return undefined;
  }
  if (values.model !== undefined) throw new UsageError('give --model or --server, not both');
  let url: URL;
  try {
    url = parseBaseUrl(values.server);
  } catch (error) {
    throw new UsageError(`--server ${(error as Error).message}`);
  }
  const baseUrl = url.href.replace(/\/+$/, '');
  const host = serverHost(baseUrl);
  if (!isLoopbackUrl(baseUrl)) {
    if (!values['allow-remote']) {
      throw new UsageError(
        `--server ${host} is not this machine: images and the question would be sent there; pass --allow-remote to allow it`,
      );
    }
    io.stderr.write(`note: images and the question are sent to ${host}\n`);
  }
  let apiKey: string | undefined;
  const keyVar = values['api-key-env'];
  if (keyVar !== undefined) {
    apiKey = env[keyVar];
    if (!apiKey)
      throw new UsageError(`--api-key-env ${keyVar}: that environment variable is not set`);
  }
  const experts: Record<string, string> = {};
  for (const entry of values.expert ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(entry);
    if (!match) throw new UsageError(`--expert must be SPECIALTY=MODEL, got '${entry}'`);
    const [, specialty = '', model = ''] = match;
    if (!specialties.includes(specialty))
      throw new UsageError(
        `--expert ${specialty}: unknown specialty; known: ${specialties.join(', ')}`,
      );
    experts[specialty] = model;
  }
  const config: ServerConfig = { baseUrl, model: values['server-model'] ?? '', apiKey, experts };
  if (!config.model) config.model = await onlyServedModel(config);
  return config;
}

async function onlyServedModel(config: ServerConfig): Promise<string> {
  const host = serverHost(config.baseUrl);
  const models = await new OpenAiRuntime(config).listModels();
  if (models === undefined) {
    throw new CliError(
      new AppError({
        code: 'server-unreachable',
        title: `Cannot list the models of ${host}`,
        cause: 'pass --server-model NAME, or check that the server runs and the URL ends in /v1',
      }).message,
    );
  }
  if (models.length === 1) return models[0]!;
  throw new UsageError(
    models.length === 0
      ? `${host} lists no models; pass --server-model NAME`
      : `pass --server-model; ${host} serves: ${models.join(', ')}`,
  );
}
