import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Predictor } from '../predictor';

/**
 * A Predictor for harness tests that answers like the scripted fixture model
 * (models/tinymodels/script.ts) without running one: the mean grey level of
 * all images picks `dark` or `bright` text. It also records its calls.
 */
export function greyScriptPredictor(texts: { dark: string; bright: string }) {
  const calls: Array<{ images: string[]; system?: string; prompt: string }> = [];
  let closed = 0;
  const predictor: Predictor = {
    async predict(input, signal) {
      signal.throwIfAborted();
      calls.push({ images: input.images, system: input.system, prompt: input.prompt });
      let sum = 0;
      let count = 0;
      for (const file of input.images) {
        const png = PNG.sync.read(readFileSync(file));
        for (let i = 0; i < png.data.length; i += 4) {
          sum += ((png.data[i] ?? 0) + (png.data[i + 1] ?? 0) + (png.data[i + 2] ?? 0)) / 3;
          count++;
        }
      }
      const text = count > 0 && sum / count >= 128 ? texts.bright : texts.dark;
      return { text, tokens: text.length, ms: 2 };
    },
    async close() {
      closed++;
    },
  };
  return { predictor, calls, closed: () => closed };
}
