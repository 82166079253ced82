import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvalReport } from '../eval/buildReport';
import {
  BRIGHT,
  DARK,
  writePng,
  writeTinyMedXpertQA,
  type MxQuestion,
} from '../eval/testing/tinyBenchmarks';
import { COMPREHENSIVE_SR } from '../dicom/sr/buildReasoningSr';
import { parseDicom } from '../dicom/parseDicom';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { recordedStreams } from '../runtime/openai/testing/recordedStreams';
import {
  chunk,
  startReplayServer,
  usageChunk,
  type RecordedRequest,
  type ReplayServer,
} from '../runtime/openai/testing/startReplayServer';
import {
  startOpenAiServer,
  type RunningOpenAiServer,
} from '../runtime/openaiServer/startOpenAiServer';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { runCli as mmx } from './testing/runCli';

// `mmx ask` and `mmx eval` with --server: against `mmx serve --openai` on the
// scripted fixture model, and against a replay server whose streams are fixed.

const script = {
  rules: [
    { image: 'dark' as const, text: 'Therefore, among A through E, the answer is A.' },
    {
      image: 'bright' as const,
      text: '<think>\n1. Bright film\n</think>\n<answer>(B) bright</answer>',
    },
    { image: 'any' as const, text: 'No image.' },
  ],
};

let dir: string;
let runtime: ModelRuntime;
let served: RunningOpenAiServer;
let replay: ReplayServer | undefined;
let bright: string;
let dark: string;
const KEY = 'sk-test-key-0042';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mmx-server-cli-'));
  const model = join(dir, 'scripted');
  await buildFixtureModel(model, { kind: 'scripted', script });
  runtime = new ModelRuntime();
  served = await startOpenAiServer({
    runtime,
    models: [{ id: 'scripted', dir: model }],
    apiKey: KEY,
  });
  bright = join(dir, 'bright.png');
  dark = join(dir, 'dark.png');
  writePng(bright, BRIGHT);
  writePng(dark, DARK);
});
afterAll(async () => {
  await served?.close();
  await runtime?.dispose();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await replay?.close();
  replay = undefined;
});

const modelOf = (r: RecordedRequest) => (JSON.parse(r.body) as { model: string }).model;

describe('mmx ask --server', () => {
  it('answers through mmx serve --openai with the scripted text, the key read from the named variable', async () => {
    vi.stubEnv('MMX_TEST_SERVER_KEY', KEY);
    const r = await mmx([
      'ask',
      '--server',
      served.baseUrl,
      '--api-key-env',
      'MMX_TEST_SERVER_KEY',
      '--image',
      bright,
      '--question',
      'What is seen?',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${script.rules[1]!.text}\n`);
  });

  it('prints the same --json document as for a local model, with the server model named', async () => {
    replay = await startReplayServer(() => ({ stream: recordedStreams.reasoning, done: true }));
    const r = await mmx([
      'ask',
      '--server',
      replay.baseUrl,
      '--server-model',
      'qwen2.5-vl-7b',
      '--image',
      dark,
      '--question',
      'Nodule follow-up?',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      model: unknown;
      steps: {
        text: string;
        citations: { guideline: string; passage: string; source: string }[];
      }[];
      answerLetter: string;
      usage: unknown;
      finishReason: string;
    };
    expect(doc.model).toEqual({ name: 'qwen2.5-vl-7b', sha256: null, server: replay.baseUrl });
    expect(doc.steps).toHaveLength(2);
    // The id the model wrote is checked against the packs and kept as the model's own citation.
    expect(doc.steps[0]!.citations).toContainEqual(
      expect.objectContaining({
        guideline: 'fleischner-2017',
        passage: 'solid-6-8mm',
        source: 'model',
      }),
    );
    expect(doc.answerLetter).toBe('B');
    expect(doc.usage).toEqual({ promptTokens: 812, completionTokens: 41 });
    expect(doc.finishReason).toBe('eos');
  });

  it('writes the run as a DICOM SR that names the server and the served model (--sr-out)', async () => {
    replay = await startReplayServer(() => ({ stream: recordedStreams.reasoning, done: true }));
    const srOut = join(dir, 'served-sr.dcm');
    const r = await mmx([
      'ask',
      '--server',
      replay.baseUrl,
      '--server-model',
      'qwen2.5-vl-7b',
      '--image',
      dark,
      '--question',
      'Nodule follow-up?',
      '--sr-out',
      srOut,
    ]);
    expect(r.stderr).toBe('');
    const sr = parseDicom(new Uint8Array(readFileSync(srOut))).dataSet;
    expect(sr.string('x00080016')).toBe(COMPREHENSIVE_SR);
    const texts = new TextDecoder().decode(sr.byteArray);
    expect(texts).toContain(replay.baseUrl);
    expect(texts).toContain('qwen2.5-vl-7b');
    expect(texts).not.toContain('Model SHA-256');
  });

  it('asks the routed specialty’s expert and names it as the model that answered', async () => {
    replay = await startReplayServer(() => ({ stream: recordedStreams.inline, done: true }));
    const args = [
      'ask',
      '--server',
      replay.baseUrl,
      '--server-model',
      'merged',
      '--expert',
      'pediatrics=peds-lora',
      '--image',
      dark,
      '--question',
      'Q',
      '--json',
    ];
    const peds = JSON.parse((await mmx([...args, '--specialty', 'pediatrics'])).stdout) as {
      model: { name: string };
    };
    const adult = JSON.parse((await mmx([...args, '--specialty', 'adult-medicine'])).stdout) as {
      model: { name: string };
    };
    expect(replay.requests.map(modelOf)).toEqual(['peds-lora', 'merged']);
    expect([peds.model.name, adult.model.name]).toEqual(['peds-lora', 'merged']);
  });

  it('refuses a server off this machine without --allow-remote, before any request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const r = await mmx([
      'ask',
      '--server',
      'http://10.255.255.1:8000/v1',
      '--server-model',
      'm',
      '--image',
      dark,
      '--question',
      'Q',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: --server 10.255.255.1:8000 is not this machine: images and the question would be sent there; pass --allow-remote to allow it\n',
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('never prints the key, also when the server echoes it', async () => {
    vi.stubEnv('MMX_TEST_SERVER_KEY', 'sk-very-secret-9');
    replay = await startReplayServer(() => ({
      status: 401,
      json: { error: { message: 'bad key sk-very-secret-9' } },
    }));
    const r = await mmx([
      'ask',
      '--server',
      replay.baseUrl,
      '--server-model',
      'm',
      '--api-key-env',
      'MMX_TEST_SERVER_KEY',
      '--question',
      'Q',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: The model server 127.0.0.1:${replay.port} refused the API key (401): bad key *** — Check the API key (or the environment variable that holds it).\n`,
    );
    expect(replay.requests[0]!.headers.authorization).toBe('Bearer sk-very-secret-9');
  });

  it('gives one error line for bad server flags', async () => {
    const cases: [string[], string][] = [
      [
        ['--server', served.baseUrl, '--api-key-env', 'MMX_NOT_SET_ANYWHERE'],
        'error: --api-key-env MMX_NOT_SET_ANYWHERE: that environment variable is not set\n',
      ],
      [['--server', served.baseUrl, '--model', 'x'], 'error: give --model or --server, not both\n'],
      [['--server-model', 'm'], 'error: --server-model needs --server\n'],
      [
        ['--server', 'ftp://127.0.0.1/v1'],
        "error: --server 'ftp://127.0.0.1/v1' must start with http:// or https://\n",
      ],
      [
        ['--server', served.baseUrl, '--server-model', 'm', '--expert', 'peds'],
        "error: --expert must be SPECIALTY=MODEL, got 'peds'\n",
      ],
      [
        ['--server', served.baseUrl, '--server-model', 'm', '--expert', 'cardio=x'],
        /^error: --expert cardio: unknown specialty; known: /,
      ],
    ].map(([flags, message]) => [flags, message] as [string[], string]);
    for (const [flags, message] of cases) {
      const r = await mmx(['ask', ...flags, '--question', 'Q']);
      expect(r.code).toBe(2);
      if (typeof message === 'string') expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(message);
    }
  });
});

describe('mmx eval --server', () => {
  /** A server model that reads the images it is sent: dark → "the answer is A", bright → \boxed{B}. */
  function greyServer(request: RecordedRequest) {
    const body = JSON.parse(request.body) as {
      messages: { content: string | { type: string; image_url?: { url: string } }[] }[];
    };
    let sum = 0;
    let n = 0;
    for (const m of body.messages) {
      if (typeof m.content === 'string') continue;
      for (const part of m.content) {
        if (!part.image_url) continue;
        const png = PNG.sync.read(Buffer.from(part.image_url.url.split(',')[1]!, 'base64'));
        for (let i = 0; i < png.data.length; i += 4) sum += png.data[i]!;
        n += png.data.length / 4;
      }
    }
    const text =
      sum / n < 127.5
        ? 'Therefore, among A through E, the answer is A.'
        : '<answer>\\boxed{B}</answer>';
    return {
      stream: [chunk({ content: text }), chunk({}, 'stop'), usageChunk(100, 9)],
      done: true,
      delayMs: 5,
    };
  }

  const mx = (id: string, label: string, images: number[]): MxQuestion => ({
    id,
    label,
    images,
    medical_task: 'Diagnosis',
    body_system: 'Skeletal',
    question_type: 'Reasoning',
  });

  it('runs a benchmark with several requests in flight and scores it as the answers dictate', async () => {
    replay = await startReplayServer(greyServer);
    const questions = [
      mx('MM-0', 'A', [DARK]),
      mx('MM-1', 'B', [BRIGHT, BRIGHT]),
      mx('MM-2', 'D', [DARK, DARK]),
      mx('MM-3', 'B', [DARK, BRIGHT, BRIGHT]),
      mx('MM-4', 'A', [BRIGHT]),
      mx('MM-5', 'A', [DARK]),
    ];
    const data = writeTinyMedXpertQA(join(dir, 'mx'), questions);
    const out = join(dir, 'mx-run');
    const r = await mmx([
      'eval',
      '--benchmark',
      'medxpertqa-mm',
      '--data',
      data.dataFile,
      '--images',
      data.imagesDir,
      '--server',
      replay.baseUrl,
      '--server-model',
      'qwen2.5-vl-7b',
      '--concurrency',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as EvalReport;
    expect(report.overall).toMatchObject({ correct: 4, n: 6 });
    expect(report.model).toMatchObject({ name: 'qwen2.5-vl-7b', demo: false });
    expect(replay.requests).toHaveLength(6);
    expect(replay.maxInFlight).toBe(3);
    const resumed = await mmx([
      'eval',
      '--benchmark',
      'medxpertqa-mm',
      '--data',
      data.dataFile,
      '--images',
      data.imagesDir,
      '--server',
      replay.baseUrl,
      '--server-model',
      'qwen2.5-vl-7b',
      '--out',
      out,
      '--resume',
      '--json',
    ]);
    expect(resumed.code).toBe(0);
    expect(replay.requests).toHaveLength(6);
  });

  it('refuses --expert: benchmark questions are not routed', async () => {
    const r = await mmx([
      'eval',
      '--benchmark',
      'medxpertqa-mm',
      '--server',
      served.baseUrl,
      '--data',
      dir,
      '--images',
      dir,
      '--out',
      join(dir, 'never'),
      '--expert',
      'pediatrics=p',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --expert: benchmark questions are not routed/);
  });
});
