import { AppError } from '../common/appError';
import type { BackendState, SetBackendRequest } from '../common/schemas/modelServer';
import {
  isLoopbackUrl,
  parseBaseUrl,
  serverHost,
  type ServerConfig,
} from '../../models/runtime/openai/serverConfig';
import { readAppSettings, writeAppSettings, type AppSettings } from './appSettings';
import type { SecretStore } from './secretStore';

export interface BackendDeps {
  home: string;
  /** The desktop app's keychain; absent in web mode. */
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
}

/** The configured model server, ready to ask, with what privacy requires of it. */
export interface ResolvedServer {
  config: ServerConfig;
  host: string;
  loopback: boolean;
  consented: boolean;
}

function stateOf(settings: AppSettings, secrets: SecretStore | undefined): BackendState {
  const server = settings.modelServer;
  const host = server ? serverHost(server.baseUrl) : '';
  const loopback = server ? isLoopbackUrl(server.baseUrl) : true;
  const consented = settings.consentedHosts.includes(host);
  const active = settings.backend === 'server' && server !== null;
  return {
    kind: active ? 'server' : 'local',
    server: server
      ? {
          ...server,
          hasStoredKey: settings.sealedApiKey !== null,
          host,
          loopback,
          consented,
        }
      : null,
    canStoreKey: secrets !== undefined,
    sendsImagesTo: active && !loopback && consented ? host : null,
  };
}

/**
 * The server the app asks, or undefined when the local runtime answers.
 * The key is opened here, at ask time, and goes nowhere but the request's
 * Authorization header.
 */
export async function resolveServer({
  home,
  secrets,
  env = process.env,
}: BackendDeps): Promise<ResolvedServer | undefined> {
  const settings = await readAppSettings(home);
  const server = settings.modelServer;
  if (settings.backend !== 'server' || !server) return undefined;
  let apiKey: string | undefined;
  if (settings.sealedApiKey !== null && secrets) {
    try {
      apiKey = secrets.open(settings.sealedApiKey);
    } catch {
      throw new AppError({
        code: 'server-key-unreadable',
        title: 'The stored API key cannot be read on this computer',
        suggestion: 'Enter the key again in Models… › Model server.',
      });
    }
  } else if (server.apiKeyEnv) {
    apiKey = env[server.apiKeyEnv];
    if (!apiKey) {
      throw new AppError({
        code: 'server-key-missing',
        title: `The environment variable ${server.apiKeyEnv} that should hold the API key is not set`,
        suggestion: 'Set it before starting the app, or clear the key setting.',
      });
    }
  }
  const host = serverHost(server.baseUrl);
  return {
    config: { baseUrl: server.baseUrl, model: server.model, experts: server.experts, apiKey },
    host,
    loopback: isLoopbackUrl(server.baseUrl),
    consented: settings.consentedHosts.includes(host),
  };
}

/** Choosing the backend kind, the server's settings, and consent to send images off this machine. */
export function createBackendHandlers({ home, secrets }: BackendDeps) {
  return {
    getBackend: async () => stateOf(await readAppSettings(home), secrets),

    async setBackend(request: SetBackendRequest) {
      const settings = await readAppSettings(home);
      if (request.kind === 'local') {
        const next = { ...settings, backend: 'local' as const };
        await writeAppSettings(home, next);
        return stateOf(next, secrets);
      }
      let url: URL;
      try {
        url = parseBaseUrl(request.server.baseUrl);
      } catch (error) {
        throw new AppError({
          code: 'bad-server-url',
          title: 'The server address is not usable',
          cause: (error as Error).message,
          suggestion: 'Give the base URL up to /v1, e.g. http://127.0.0.1:11434/v1.',
        });
      }
      let sealedApiKey = settings.sealedApiKey;
      if (request.apiKey === '') sealedApiKey = null;
      else if (request.apiKey !== undefined) {
        if (!secrets) {
          throw new AppError({
            code: 'key-storage-unavailable',
            title: 'API keys cannot be stored here',
            suggestion:
              'Name an environment variable that holds the key instead (set it before starting the app).',
          });
        }
        sealedApiKey = secrets.seal(request.apiKey);
      }
      const next: AppSettings = {
        ...settings,
        backend: 'server',
        modelServer: {
          baseUrl: url.href.replace(/\/+$/, ''),
          model: request.server.model,
          experts: request.server.experts ?? {},
          apiKeyEnv: request.server.apiKeyEnv,
        },
        sealedApiKey,
      };
      await writeAppSettings(home, next);
      return stateOf(next, secrets);
    },

    async consentToServer({ host }: { host: string }) {
      const settings = await readAppSettings(home);
      const server = settings.modelServer;
      if (!server || serverHost(server.baseUrl) !== host) {
        throw new AppError({
          code: 'consent-mismatch',
          title: `The configured model server is not ${host}`,
          suggestion: 'Open Models… and check the server address.',
        });
      }
      const next = {
        ...settings,
        consentedHosts: [...new Set([...settings.consentedHosts, host])],
      };
      await writeAppSettings(home, next);
      return stateOf(next, secrets);
    },
  };
}
