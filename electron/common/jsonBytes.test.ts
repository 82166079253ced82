import { describe, expect, it } from 'vitest';
import { askRequestSchema } from './schemas/ask';
import { bytesReplacer, bytesReviver } from './jsonBytes';

describe('bytes in web mode JSON', () => {
  it('carries an ask request with RGB pixels through JSON unchanged, as the contract accepts it', () => {
    const rgb = new Uint8Array(300 * 200 * 3).map((_, i) => (i * 7) % 256);
    const request = { question: 'Q', images: [{ name: 'CT', width: 300, height: 200, rgb }] };
    const text = JSON.stringify(request, bytesReplacer);
    expect(text).toContain('"rgb":{"$base64":"');
    const parsed = askRequestSchema.parse(JSON.parse(text, bytesReviver));
    expect(parsed.images[0]!.rgb).toBeInstanceOf(Uint8Array);
    expect([...parsed.images[0]!.rgb]).toEqual([...rgb]);
  });

  it('leaves other objects alone and lets the schema refuse what is not base64', () => {
    expect(JSON.parse('{"a":{"$base64":"AQID","b":1}}', bytesReviver)).toEqual({
      a: { $base64: 'AQID', b: 1 },
    });
    const bad = JSON.parse(
      '{"question":"Q","images":[{"name":"x","width":1,"height":1,"rgb":{"$base64":"%%%"}}]}',
      bytesReviver,
    );
    expect(askRequestSchema.safeParse(bad).success).toBe(false);
  });
});
