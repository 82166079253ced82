/** What a handler may know about the transport that called it. */
export interface HandlerContext {
  mode: 'electron' | 'web';
}
