import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLoraAdapter } from '../tooling/lora/writeLoraAdapter';
import { openSafetensors } from '../tooling/safetensors/openSafetensors';
import { runCli as run } from './testing/runCli';

function expectOneErrorLine(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).not.toBe(0);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

let dir: string;
let e1: string;
let e2: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmx-cli-tooling-'));
  const m = (b: number[], a: number[]) => [
    {
      name: 'layers.0.q_proj',
      a: new Float32Array(a),
      b: new Float32Array(b),
      rank: 1,
      inFeatures: a.length,
      outFeatures: b.length,
    },
  ];
  e1 = join(dir, 'e1');
  e2 = join(dir, 'e2');
  await writeLoraAdapter(e1, m([1, 2], [1, -1, 0.5]), { r: 1, lora_alpha: 1 });
  await writeLoraAdapter(e2, m([-1, 1], [2, 1, -1]), { r: 1, lora_alpha: 1 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mmx merge', () => {
  it('merges two experts with TIES, prints a summary and writes the report', async () => {
    const out = join(dir, 'merged');
    const report = join(dir, 'report.json');
    const r = await run([
      'merge',
      '--expert',
      e1,
      '--expert',
      e2,
      '--weight',
      '1',
      '--weight=-1',
      '--method',
      'ties',
      '--density',
      '0.5',
      '--out',
      out,
      '--report',
      report,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/merged 2 expert\(s\) \(ties, density 0.5\) over 1 module/);
    const reader = await openSafetensors(join(out, 'delta.safetensors'));
    expect([...(await reader.readFloat32('layers.0.q_proj.weight'))]).toEqual([
      1.5, 0, -1, 0, -1.5, 1,
    ]);
    await reader.close();
    const doc = JSON.parse(await readFile(report, 'utf8')) as {
      modules: { experts: { weight: number }[] }[];
    };
    expect(doc.modules[0]!.experts.map((e) => e.weight)).toEqual([1, -1]);
  });

  it('accepts a negative weight written as a separate argument, like --weight=-0.25', async () => {
    const merged = async (weight: string[]) => {
      const out = join(dir, `neg-${weight.join('')}`);
      const r = await run([
        'merge',
        '--expert',
        e1,
        '--expert',
        e2,
        '--weight',
        '1',
        ...weight,
        '--method',
        'task-arithmetic',
        '--out',
        out,
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const reader = await openSafetensors(join(out, 'delta.safetensors'));
      const values = [...(await reader.readFloat32('layers.0.q_proj.weight'))];
      await reader.close();
      return values;
    };
    const spaced = await merged(['--weight', '-0.25']);
    expect(spaced).toEqual(await merged(['--weight=-0.25']));
    // e1 - 0.25·e2 for the first element: 1·1·1 - 0.25·(-1·2) = 1.5.
    expect(spaced[0]).toBeCloseTo(1.5, 6);
  });

  it('still refuses a flag where a value should be, as ambiguous', async () => {
    const r = await run([
      'merge',
      '--expert',
      e1,
      '--weight',
      '--json',
      '--method',
      'ties',
      '--out',
      join(dir, 'x'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*--weight.*ambiguous/);
  });

  it('prints the report as JSON with --json, including the lora re-factorisation error', async () => {
    const r = await run([
      'merge',
      '--expert',
      e1,
      '--method',
      'task-arithmetic',
      '--format',
      'lora',
      '--rank',
      '1',
      '--out',
      join(dir, 'lora'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      format: string;
      rank: number;
      overall: { loraRelativeError: number };
    };
    expect(doc).toMatchObject({ format: 'lora', rank: 1 });
    expect(doc.overall.loraRelativeError).toBeLessThan(1e-5);
    expect((await readdir(join(dir, 'lora'))).sort()).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
    ]);
  });

  it('answers bad flags and bad experts with one error line', async () => {
    expectOneErrorLine(
      await run(['merge', '--expert', e1, '--method', 'median', '--out', join(dir, 'x')]),
      /--method must be one of ties, task-arithmetic, dare-ties/,
    );
    expectOneErrorLine(
      await run([
        'merge',
        '--expert',
        e1,
        '--expert',
        e2,
        '--weight',
        '1',
        '--method',
        'ties',
        '--out',
        join(dir, 'x'),
      ]),
      /1 --weight value\(s\) for 2 --expert/,
    );
    expectOneErrorLine(
      await run([
        'merge',
        '--expert',
        e1,
        '--method',
        'ties',
        '--format',
        'lora',
        '--out',
        join(dir, 'x'),
      ]),
      /--format lora needs --rank/,
    );
    expectOneErrorLine(
      await run([
        'merge',
        '--expert',
        e1,
        '--method',
        'ties',
        '--density',
        '1.5',
        '--out',
        join(dir, 'x'),
      ]),
      /--density must be a number between/,
    );
    expectOneErrorLine(
      await run([
        'merge',
        '--expert',
        join(dir, 'nope'),
        '--method',
        'ties',
        '--out',
        join(dir, 'x'),
      ]),
      /no adapter_config.json/,
    );
    expect((await readdir(dir)).filter((f) => f.startsWith('x') || f.includes('partial'))).toEqual(
      [],
    );
  });
});

describe('mmx gba', () => {
  it('scores completions, then computes perspective-grouped advantages', async () => {
    const input = join(dir, 'completions.jsonl');
    const lines = [
      {
        prompt_id: 'p1',
        perspective: 'differential',
        completion:
          '<think>1. Air rim over 2 cm [bts-pneumothorax#size].</think><answer>B</answer>',
        label: 'B',
        options: { A: 'Effusion', B: 'Pneumothorax' },
      },
      { prompt_id: 'p1', perspective: 'bayesian', completion: 'Probably A', label: 'B' },
    ];
    await writeFile(input, lines.map((l) => JSON.stringify(l)).join('\n'));
    const ids = join(dir, 'ids.txt');
    await writeFile(ids, 'bts-pneumothorax#size\n');
    const scored = join(dir, 'scored.jsonl');
    const s = await run(['gba', 'score', '--in', input, '--out', scored, '--ids', ids]);
    expect(s.code).toBe(0);
    const a = await run(['gba', '--in', scored, '--weights', '1,0.5,0.5', '--lambda', '1']);
    expect(a.code).toBe(0);
    const out = a.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            rewards: Record<string, number>;
            reward: number;
            advantage: number;
            between_perspective: number;
            label: string;
          },
      );
    expect(out[0]!.rewards).toEqual({ accuracy: 1, format: 1, guideline: 1 });
    expect(out[0]!.reward).toBe(2);
    expect(out[0]!.label).toBe('B');
    expect(out[1]!.reward).toBe(0);
    expect(out[0]!.advantage).toBeCloseTo(1, 5);
    expect(out[1]!.advantage).toBeCloseTo(-1, 5);
  });

  it('names the line of a malformed rollout', async () => {
    const input = join(dir, 'bad.jsonl');
    await writeFile(
      input,
      `${JSON.stringify({ prompt_id: 'p', perspective: 'bayesian', completion: '', rewards: { accuracy: 1, format: 1, guideline: 1 } })}\n{"prompt_id":"p"}\n`,
    );
    expectOneErrorLine(await run(['gba', '--in', input]), /bad\.jsonl:2: perspective/);
    expectOneErrorLine(
      await run(['gba', '--in', input, '--weights', '1,2']),
      /--weights must be three numbers/,
    );
    expectOneErrorLine(await run(['gba']), /missing required flag --in/);
  });
});

describe('mmx dataset', () => {
  const medx = {
    id: 'MM-1',
    question: 'A 7-year-old girl with limp. Answer Choices: (A) Perthes (B) Septic arthritis',
    options: { A: 'Perthes', B: 'Septic arthritis' },
    label: 'A',
    images: ['MM-1-a.jpeg'],
    body_system: 'Skeletal',
  };

  it('converts, validates, summarises and exports a dataset', async () => {
    const raw = join(dir, 'medx.jsonl');
    await writeFile(raw, `${JSON.stringify(medx)}\n`);
    const data = join(dir, 'data.jsonl');
    const c = await run(['dataset', 'convert', '--from', 'medxpertqa-mm', raw, '--out', data]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/wrote 1 samples/);
    const v = await run(['dataset', 'validate', data, '--json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, samples: 1, problems: [] });
    const s = await run(['dataset', 'stats', data, '--json']);
    expect(JSON.parse(s.stdout)).toMatchObject({
      samples: 1,
      specialties: { pediatrics: 1 },
      modalities: { unknown: 1 },
    });
    // Add reasoning so the SFT export has something to write.
    const sample = JSON.parse(await readFile(data, 'utf8')) as Record<string, unknown>;
    sample.reasoning = [
      { perspective: 'intuitive', text: 'Flattened femoral epiphysis.', guideline_refs: [] },
    ];
    await writeFile(data, `${JSON.stringify(sample)}\n`);
    const e = await run([
      'dataset',
      'export-sft',
      data,
      '--out',
      join(dir, 'sft'),
      '--style',
      'trl',
    ]);
    expect(e.code).toBe(0);
    expect(await readdir(join(dir, 'sft'))).toEqual(['pediatrics.jsonl']);
    const schema = await run(['dataset', 'schema']);
    expect(JSON.parse(schema.stdout)).toHaveProperty('properties.reasoning');
  });

  it('lists every invalid line and fails', async () => {
    const data = join(dir, 'invalid.jsonl');
    await writeFile(data, '{"id":"x"}\nnot json\n');
    const r = await run(['dataset', 'validate', data]);
    expect(r.code).toBe(1);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(': ')[0]),
    ).toEqual([`${data}:1`, `${data}:2`]);
    expect(r.stderr).toBe(`error: 2 problem(s) in ${data}\n`);
    expectOneErrorLine(
      await run(['dataset', 'stats', data]),
      /invalid\.jsonl:1: .*run 'mmx dataset validate/,
    );
    expectOneErrorLine(
      await run(['dataset', 'convert', '--from', 'pubmedqa', data, '--out', join(dir, 'y.jsonl')]),
      /--from must be medxpertqa-mm or omnimedvqa/,
    );
    expectOneErrorLine(
      await run([
        'dataset',
        'convert',
        '--from',
        'omnimedvqa',
        data,
        '--out',
        join(dir, 'y.jsonl'),
      ]),
      /not valid JSON .*nothing written/,
    );
    expectOneErrorLine(
      await run(['dataset', 'validate', join(dir, 'missing.jsonl')]),
      /cannot read .*ENOENT/,
    );
  });
});
