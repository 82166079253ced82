import { describe, expect, it } from 'vitest';
import { readSse } from './readSse';

/** A body that arrives in exactly these pieces. */
function body(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSse(stream)) out.push(data);
  return out;
}

describe('readSse', () => {
  it('reads events split anywhere, with LF, CRLF and CR line ends (HTML §9.2.6)', async () => {
    expect(
      await all(
        body('data: {"a"', ':1}\n\nda', 'ta: two\r', '\n\r\ndata: three\r\rdata: [DONE]\n\n'),
      ),
    ).toEqual(['{"a":1}', 'two', 'three', '[DONE]']);
  });

  it('joins data lines, drops one space after the colon, and skips comments and other fields', async () => {
    expect(await all(body(': keep-alive\n\nevent: message\nid: 7\ndata:x\ndata:  y\n\n'))).toEqual([
      'x\n y',
    ]);
  });

  it('keeps a character split across chunks whole', async () => {
    const bytes = new TextEncoder().encode('data: 6–12 months\n\n');
    const dash = bytes.indexOf(0xe2);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, dash + 1));
        controller.enqueue(bytes.subarray(dash + 1));
        controller.close();
      },
    });
    expect(await all(stream)).toEqual(['6–12 months']);
  });

  it('does not dispatch an event the stream cut off before its blank line', async () => {
    expect(await all(body('data: whole\n\ndata: cut'))).toEqual(['whole']);
  });
});
