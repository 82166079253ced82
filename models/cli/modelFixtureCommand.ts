import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import {
  FixtureOptionsError,
  fixtureDtypes,
  fixtureSizes,
  variants,
  type FixtureDtype,
  type FixtureSize,
  type Variant,
} from '../tinymodels/fixtureOptions';
import { parseScript, type Script } from '../tinymodels/script';
import { UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';

export const modelFixtureCommand = defineCommand({
  path: ['model', 'fixture'],
  usage:
    'model fixture --out DIR [--kind random|scripted] [--size 2b|7b] [--dtype fp32|fp16|q4|q8] [--seed N] [--layers L] [--hidden H] [--heads N] [--kv-heads N] [--variant qwen2_5_vl|qwen2_vl] [--script FILE] [--json]',
  summary:
    'write a tiny model folder that follows docs/MODEL-CONTRACT.md (random weights, or a scripted demo model)',
  details: [
    '  --out DIR       folder to write (created if missing)',
    '  --kind K        random (default): Qwen2-VL architecture in miniature with seeded random weights;',
    '                  scripted: greedy decoding writes the text of the first matching --script rule',
    '  --size S        2b or 7b: the real Qwen2-VL-2B/7B architecture (decoder, vision tower,',
    '                  vocabulary, preprocessor bounds), weights streamed to onnx/*.onnx_data;',
    '                  --layers/--hidden still override it (random only)',
    '  --dtype D       fp32 (default); fp16: every float weight, input and output in float16',
    '                  (pixel_values stay fp32); q4 or q8: matrices as MatMulNBits (block 32);',
    '                  the files named as transformers.js expects (_fp16, _q4, _quantized)',
    '  --seed N        weight seed (default 0); the same options give a byte-identical folder',
    "  --layers L      decoder layers (default 2, or the size's)",
    "  --hidden H      hidden size (default 64, or the size's); must be divisible by --heads",
    "  --heads N       attention heads (default 4, or 8 above hidden 128, or the size's)",
    "  --kv-heads N    key/value heads (default 2, or the size's)",
    '  --variant V     qwen2_5_vl (default) or qwen2_vl (the default with --size)',
    '  --script FILE   JSON {"rules":[{"image":"dark"|"bright"|"any","text":"..."}]} (scripted only);',
    '                  optional "logitBias":{"C":29.5,...} adds to those one-token texts\' logits at every step',
    "                  (each below the scripted token's 30), for tests that need known logits",
    '  --json          print {out, kind, variant, ...} as JSON',
  ].join('\n'),
  options: {
    out: { type: 'string' },
    kind: { type: 'string' },
    size: { type: 'string' },
    dtype: { type: 'string' },
    seed: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    heads: { type: 'string' },
    'kv-heads': { type: 'string' },
    variant: { type: 'string' },
    script: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const out = resolve(requireFlag(values.out, 'out'));
    const kind = values.kind ?? 'random';
    if (kind !== 'random' && kind !== 'scripted') {
      throw new UsageError(`--kind must be 'random' or 'scripted', got '${kind}'`);
    }
    const size = values.size;
    if (size !== undefined && !(fixtureSizes as readonly string[]).includes(size)) {
      throw new UsageError(`--size must be one of ${fixtureSizes.join(', ')}, got '${size}'`);
    }
    const dtype = values.dtype ?? 'fp32';
    if (!(fixtureDtypes as readonly string[]).includes(dtype)) {
      throw new UsageError(`--dtype must be one of ${fixtureDtypes.join(', ')}, got '${dtype}'`);
    }
    if (kind === 'scripted' && (size !== undefined || values.dtype !== undefined)) {
      throw new UsageError('--size and --dtype are only used with --kind random');
    }
    const variant = values.variant ?? (size ? 'qwen2_vl' : 'qwen2_5_vl');
    if (!(variants as readonly string[]).includes(variant)) {
      throw new UsageError(`--variant must be one of ${variants.join(', ')}, got '${variant}'`);
    }
    let script: Script | undefined;
    if (kind === 'scripted') {
      const file = requireFlag(values.script, 'script');
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read --script ${file}: ${error.code ?? error.message}`);
      });
      try {
        script = parseScript(text, `--script ${file}`);
      } catch (error) {
        throw new UsageError((error as Error).message.replace(/^parseScript: /, ''));
      }
    } else if (values.script !== undefined) {
      throw new UsageError('--script is only used with --kind scripted');
    }
    const options = {
      kind,
      ...(size ? { size: size as FixtureSize } : {}),
      dtype: dtype as FixtureDtype,
      variant: variant as Variant,
      seed: numberFlag(values.seed, 'seed', {
        min: 0,
        max: 0xffffffff,
        integer: true,
        fallback: 0,
      }),
      layers: numberFlag(values.layers, 'layers', { min: 1, max: 64, integer: true }),
      hidden: numberFlag(values.hidden, 'hidden', { min: 8, max: 8192, integer: true }),
      heads: numberFlag(values.heads, 'heads', { min: 1, max: 128, integer: true }),
      kvHeads: numberFlag(values['kv-heads'], 'kv-heads', { min: 1, max: 128, integer: true }),
      script,
    } as const;
    const started = performance.now();
    let built;
    try {
      built = await buildFixtureModel(out, options);
    } catch (error) {
      if (error instanceof FixtureOptionsError)
        throw new UsageError(error.message.replace(/^buildFixtureModel: /, ''));
      throw error;
    }
    const result = {
      out,
      ...options,
      ...built,
      script: undefined,
      ms: Math.round(performance.now() - started),
    };
    if (values.json) writeJson(io, result);
    else {
      const shape = [
        ...(built.size ? [built.size] : []),
        ...(built.dtype !== 'fp32' ? [built.dtype] : []),
        ...(built.externalDataBytes > 0
          ? [`${(built.externalDataBytes / 1e9).toFixed(2)} GB of external data`]
          : []),
      ];
      io.stdout.write(
        `wrote ${kind} ${built.variant} fixture to ${out} (${[...shape, `${result.ms} ms`].join(', ')})\n`,
      );
    }
  },
});
