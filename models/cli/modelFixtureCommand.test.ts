import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnxGraphIO } from '../runtime/internal/readOnnxGraphIO';
import { runCli, type CliRun } from './testing/runCli';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-fixture-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (...argv: string[]): Promise<CliRun> => runCli(argv);

describe('mmx model fixture', () => {
  it('writes a random qwen2_vl folder with the requested sizes and reports it as JSON', async () => {
    const out = join(root, 'random');
    const result = await run(
      'model',
      'fixture',
      '--out',
      out,
      '--variant',
      'qwen2_vl',
      '--layers',
      '3',
      '--hidden',
      '96',
      '--seed',
      '5',
      '--json',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      out,
      kind: 'random',
      variant: 'qwen2_vl',
      layers: 3,
      hidden: 96,
      seed: 5,
    });
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'qwen2_vl',
      num_hidden_layers: 3,
      hidden_size: 96,
      mmx_demo: false,
    });
  });

  it('writes a q4 folder with MatMulNBits graphs named as transformers.js expects', async () => {
    const out = join(root, 'q4');
    const result = await run('model', 'fixture', '--out', out, '--dtype', 'q4', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ dtype: 'q4', layers: 2, hidden: 64 });
    expect((await readdir(join(out, 'onnx'))).sort()).toEqual([
      'decoder_model_merged_q4.onnx',
      'embed_tokens_q4.onnx',
      'vision_encoder_q4.onnx',
    ]);
    const decoder = await readFile(join(out, 'onnx', 'decoder_model_merged_q4.onnx'));
    expect(decoder.includes('MatMulNBits')).toBe(true);
    expect(decoder.includes('com.microsoft')).toBe(true);
  });

  it('writes an fp16 folder whose files carry the _fp16 suffix and float16 logits', async () => {
    const out = join(root, 'fp16');
    const result = await run('model', 'fixture', '--out', out, '--dtype', 'fp16', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ dtype: 'fp16', layers: 2, hidden: 64 });
    expect((await readdir(join(out, 'onnx'))).sort()).toEqual([
      'decoder_model_merged_fp16.onnx',
      'embed_tokens_fp16.onnx',
      'vision_encoder_fp16.onnx',
    ]);
    const io = readOnnxGraphIO(join(out, 'onnx', 'decoder_model_merged_fp16.onnx'));
    expect(io.outputs.find((o) => o.name === 'logits')?.type).toBe('float16');
  });

  it('writes a scripted demo folder from a script file', async () => {
    const file = join(root, 'script.json');
    await writeFile(file, JSON.stringify({ rules: [{ image: 'any', text: 'Hello' }] }));
    const out = join(root, 'scripted');
    const result = await run(
      'model',
      'fixture',
      '--out',
      out,
      '--kind',
      'scripted',
      '--script',
      file,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote scripted qwen2_5_vl fixture to /);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8')).mmx_demo).toBe(true);
  });

  it('fails with one error line for bad flags and bad scripts', async () => {
    const bad = join(root, 'bad.json');
    await writeFile(bad, '{"rules":[{"image":"grey","text":"x"}]}');
    const cases: [string[], RegExp][] = [
      [
        ['--out', join(root, 'x'), '--variant', 'qwen3'],
        /--variant must be one of qwen2_5_vl, qwen2_vl, got 'qwen3'/,
      ],
      [
        ['--out', join(root, 'x'), '--hidden', '66'],
        /hidden 66 is not divisible by 4 attention heads/,
      ],
      [
        ['--out', join(root, 'x'), '--kind', 'scripted', '--script', bad],
        /--script .*bad.json is not a valid script at rules.0.image/,
      ],
      [['--out', join(root, 'x'), '--kind', 'scripted'], /missing required flag --script/],
      [
        ['--out', join(root, 'x'), '--kind', 'scripted', '--script', join(root, 'missing.json')],
        /cannot read --script .*ENOENT/,
      ],
      [['--out', join(root, 'x'), '--layers', 'two'], /--layers must be an integer/],
      [['--kind', 'random'], /missing required flag --out/],
      [['--out', join(root, 'x'), '--size', '3b'], /--size must be one of 2b, 7b, got '3b'/],
      [['--out', join(root, 'x'), '--dtype', 'int4'], /--dtype must be one of fp32, fp16, q4, q8/],
      [
        ['--out', join(root, 'x'), '--kind', 'scripted', '--size', '2b', '--script', 's.json'],
        /--size and --dtype are only used with --kind random/,
      ],
    ];
    for (const [flags, message] of cases) {
      const { code, stdout, stderr } = await run('model', 'fixture', ...flags);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: /);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  });
});
