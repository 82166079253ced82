import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../common/csp';
import {
  APP_ENTRY_URL,
  denyAllPermissions,
  hardenWebContents,
  isAppUrl,
  isExternalLink,
  secureWebPreferences,
} from './security';

/** Enough of WebContents to observe what hardenWebContents installs. */
class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('BrowserWindow security settings', () => {
  const prefs = secureWebPreferences('/app/preload.cjs');

  it('isolates the renderer: context isolation, sandbox, no Node integration', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('uses a strict CSP that allows wasm but no eval, no remote scripts and no framing', () => {
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(APP_CSP).not.toMatch(/(^|\s)'unsafe-eval'/);
    expect(APP_CSP).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).not.toMatch(/https?:/);
  });

  it("lets the app start its own module workers (the codec worker) and nothing else's", () => {
    expect(APP_CSP).toMatch(/worker-src 'self'( blob:)?(;|$)/);
  });

  it('knows the app origin from everything else', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://mmx/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('denies every new window and hands https links to the system browser', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenWebContents(contents as unknown as WebContents, (url) => opened.push(url));
    expect(contents.openHandler?.({ url: 'https://www.acr.org/guideline' })).toEqual({
      action: 'deny',
    });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.acr.org/guideline']);
    expect(isExternalLink('http://insecure.example')).toBe(false);
  });

  it('blocks navigation and redirects away from the app, and webviews', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as unknown as WebContents, () => undefined);
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://mmx/index.html')).toBe(false);
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    };
    denyAllPermissions(session as unknown as Session);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      let granted: boolean | undefined;
      request?.({}, permission, (ok) => (granted = ok));
      expect(granted).toBe(false);
    }
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
});
