/** What a tokenizer must offer for the slow, generic decode path. */
export interface DecodingTokenizer {
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

type Json = Record<string, unknown>;

/**
 * Special tokens that are part of what the model says, not control: Qwen-VL's
 * grounding markup (a box on Qwen2-VL's 0–1000 grid and the object it names),
 * read by models/reasoning/parseRegions.ts. Skipping them would leave bare
 * "(x1,y1),(x2,y2)" in the text.
 */
const SPOKEN_SPECIAL_TOKENS = new Set([
  '<|object_ref_start|>',
  '<|object_ref_end|>',
  '<|box_start|>',
  '<|box_end|>',
  '<|quad_start|>',
  '<|quad_end|>',
]);

/** GPT-2's bytes_to_unicode table: byte-level BPE writes each byte as one printable character. */
function unicodeToByte(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  return new Map(bytes.map((b, i) => [String.fromCodePoint(chars[i] as number), b]));
}

/**
 * Turns generated token ids into text one token at a time, in O(1) per
 * token: for byte-level BPE (the Qwen tokenizers) each id maps to its bytes
 * and a streaming TextDecoder holds back an incomplete UTF-8 character, so
 * the pieces concatenate to exactly the final text. Special tokens are
 * skipped, except the grounding markup (SPOKEN_SPECIAL_TOKENS). Other tokenizers fall back to re-decoding and emitting the
 * difference.
 */
export class TokenTextStream {
  private readonly bytesById: (Uint8Array | null)[] | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  private ids: number[] = [];
  private emitted = '';

  constructor(
    tokenizerJson: Json,
    private readonly tokenizer: DecodingTokenizer,
  ) {
    const decoderType = (tokenizerJson.decoder as Json | undefined)?.type;
    const model = tokenizerJson.model as Json | undefined;
    if (decoderType !== 'ByteLevel' || typeof model?.vocab !== 'object' || model.vocab === null)
      return;
    const table = unicodeToByte();
    const bytesById: (Uint8Array | null)[] = [];
    for (const [token, id] of Object.entries(model.vocab as Record<string, number>)) {
      const bytes = Array.from(token, (ch) => table.get(ch));
      if (bytes.some((b) => b === undefined)) return; // not a byte-level vocabulary after all
      bytesById[id] = Uint8Array.from(bytes as number[]);
    }
    const encoder = new TextEncoder();
    for (const added of (tokenizerJson.added_tokens as Json[] | undefined) ?? []) {
      if (typeof added.id === 'number' && typeof added.content === 'string') {
        const skipped = added.special === true && !SPOKEN_SPECIAL_TOKENS.has(added.content);
        bytesById[added.id] = skipped ? null : encoder.encode(added.content);
      }
    }
    this.bytesById = bytesById;
  }

  /** Adds one token and returns the newly completed text ('' if none). */
  push(id: number): string {
    if (this.bytesById) {
      const bytes = this.bytesById[id];
      return bytes ? this.decoder.decode(bytes, { stream: true }) : '';
    }
    this.ids.push(id);
    const text = this.tokenizer.decode(this.ids, { skip_special_tokens: true });
    // Hold back a trailing replacement character: the next token may complete it.
    if (text.endsWith('\uFFFD') || !text.startsWith(this.emitted)) return '';
    const piece = text.slice(this.emitted.length);
    this.emitted = text;
    return piece;
  }

  /** Returns whatever text is still held back at the end. */
  flush(): string {
    if (this.bytesById) return this.decoder.decode();
    const text = this.tokenizer.decode(this.ids, { skip_special_tokens: true });
    const piece = text.startsWith(this.emitted) ? text.slice(this.emitted.length) : '';
    this.emitted = text;
    return piece;
  }
}
