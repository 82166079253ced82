import { connect } from 'node:net';

export interface RawReply {
  /** Status code of the first response, 0 when the server closed without answering. */
  status: number;
  /** Everything the server sent, headers and body. */
  text: string;
}

/**
 * Sends bytes to 127.0.0.1:port exactly as given (no client library to
 * tidy up a hostile request line) and reads until the server closes.
 * Requests should say `Connection: close` so a well-formed one ends too.
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  timeoutMs = 5000,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`rawRequest: no close within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that answers and closes may reset a socket still sending: that is an answer too.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text });
    });
    socket.write(request);
  });
}
