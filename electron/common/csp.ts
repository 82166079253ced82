/**
 * The app's Content-Security-Policy, the same in Electron (app:// protocol)
 * and web mode: own scripts only, 'wasm-unsafe-eval' because the DICOM codecs
 * are WebAssembly, images from blob:/data: (rendered frames), no framing,
 * no plugins, no form posts, no remote connections.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
