/**
 * The `data` of each Server-Sent Event in a byte stream, as the HTML
 * standard's event-stream parsing defines it (§9.2.6): lines end in CR, LF or
 * CRLF, a blank line dispatches the event, several `data:` lines join with
 * "\n", one space after the colon is dropped, comments (":") and other
 * fields are ignored. An event still open when the stream ends is not
 * dispatched (the standard discards it).
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let data: string[] = [];
  // A CR at the end of a chunk may be the first half of CRLF.
  let pendingCr = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      if (pendingCr && buffer.startsWith('\n')) buffer = buffer.slice(1);
      pendingCr = false;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        const line = buffer.slice(start, i);
        if (c === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data')) {
          const colon = line.indexOf(':');
          if (colon === -1 && line === 'data') data.push('');
          else if (colon === 4) data.push(line.slice(line[5] === ' ' ? 6 : 5));
        }
      }
      buffer = buffer.slice(start);
    }
  } finally {
    reader.releaseLock();
  }
}
