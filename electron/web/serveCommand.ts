import { spawn } from 'node:child_process';
import { UsageError, defineCommand, numberFlag } from '../../models/cli/command';
import { serveOpenAi } from '../../models/cli/serveOpenAi';
import { createBackEnd } from '../backend/createHandlers';
import { ensureRendererBuilt, rendererDist } from './ensureRendererBuilt';
import { startWebServer } from './server';

/** Opens the URL in the desktop's browser when there is a desktop. */
function openBrowser(url: string): boolean {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return false;
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

export const serveCommand = defineCommand({
  path: ['serve'],
  usage: 'serve [--port P] [--no-open] | serve --openai [--port P] [--model DIR] [--api-key KEY]',
  summary:
    'serve the app in web mode on 127.0.0.1 (URL with a per-launch token), or with --openai the local model as an OpenAI-compatible API',
  details: [
    '  --port P        port to listen on (default: a free one)',
    '  --no-open       do not open a browser',
    '  --openai        serve the local ONNX runtime as an OpenAI-compatible API on 127.0.0.1',
    '                  (GET /v1/models, POST /v1/chat/completions); prints its base URL on the first line',
    '  --model DIR     with --openai: serve this model folder under its folder name (default: every installed model under its id)',
    '  --api-key KEY   with --openai: the Bearer key clients must send (default: a random key, printed)',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
    openai: { type: 'boolean' },
    model: { type: 'string' },
    'api-key': { type: 'string' },
  },
  async run({ values }, io) {
    const port = numberFlag(values.port, 'port', {
      min: 0,
      max: 65535,
      integer: true,
      fallback: 0,
    }) as number;
    if (values.openai) {
      await serveOpenAi({ modelDir: values.model, apiKey: values['api-key'], port }, io);
      return;
    }
    if (values.model !== undefined || values['api-key'] !== undefined)
      throw new UsageError('--model and --api-key need --openai');
    await ensureRendererBuilt((line) => io.stderr.write(`${line}\n`));
    const backEnd = createBackEnd();
    const server = await startWebServer({
      dispatcher: backEnd.dispatcher,
      staticRoot: rendererDist,
      port,
    });
    io.stdout.write(`MMedExpert Desktop (web mode) is running at:\n  ${server.launchUrl}\n`);
    io.stdout.write(
      'Only this machine can reach it; the token in the URL is new at every launch. Ctrl+C stops it.\n',
    );
    if (!values['no-open'] && openBrowser(server.launchUrl))
      io.stdout.write('Opened in your browser.\n');
    void backEnd.warmUp();
    await new Promise<void>((resolveStop) => {
      if (io.signal.aborted) resolveStop();
      io.signal.addEventListener('abort', () => resolveStop(), { once: true });
      process.once('SIGTERM', () => resolveStop());
    });
    await server.close();
    await backEnd.dispose();
  },
});
