import type { Protocol } from 'electron';
import { APP_CSP } from '../common/csp';
import { readStatic, resolveStaticFile } from '../web/staticFiles';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before app ready: app:// behaves like https (secure, standard origin). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/**
 * Serves the built renderer over app://mmx/ with the app's CSP. Anything
 * outside the build folder, or another host, is 404.
 */
export function serveAppProtocol(protocol: Protocol, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await resolveStaticFile(rendererRoot, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const { body, type } = await readStatic(file);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': type,
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
