import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackEnd } from '../backend/createHandlers';
import { findPatientData, patientDataForms, readTree } from '../backend/testing/findPatientData';
import { bytesReplacer } from '../common/jsonBytes';
import { decodeFrame, parseDicom } from '../../models/dicom/index';
import { makeTestImage } from '../../models/dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../../models/dicom/testing/writeDicom';
import { forkWorker } from '../../models/runtime/forkWorker';
import { captureDicomView } from '../../renderer/src/features/viewer/captureDicomView';
import { studyContextFromDicom } from '../../renderer/src/features/viewer/studyContextFromDicom';
import { startWebServer, type RunningWebServer } from './server';

// A whole web-mode session with a DICOM whose patient is known: open it,
// ask the demo model with routing from its tags, open a citation, export
// the run. Afterwards no log line (console, stdout/stderr of this process,
// the worker's output) and no file under MMX_HOME holds the patient's
// name, ID or birth date in any form we know to look for. There is no case
// store yet; exports go where the user saves them (outside MMX_HOME).

const PATIENT = { name: 'Quillfeather^Marisol', id: 'PID-73952846', birthDate: '19580317' };
const FILE_NAME = `${PATIENT.name}_${PATIENT.id}.dcm`;
const forms = patientDataForms(Object.values(PATIENT));

const logs: string[] = [];
/** Every message sent to the inference worker: the prompts the model saw. */
const toWorker: unknown[] = [];
let home: string;
let userDir: string;
let server: RunningWebServer;
let backEnd: ReturnType<typeof createBackEnd>;
let cookie = '';
const previousHome = process.env.MMX_HOME;

/** The renderer's export code; imported by path because it is compiled with the renderer's (DOM) types. */
interface CaseExport {
  buildCaseJson(run: unknown, options: { keepFileNames: boolean; appVersion: string }): unknown;
  buildCaseMarkdown(run: unknown, options: { keepFileNames: boolean; appVersion: string }): string;
}
const EXPORT_MODULE = fileURLToPath(
  new URL('../../renderer/src/features/reasoning/exportCase.ts', import.meta.url),
);

function http(
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A call as the page makes it: cookie, its own Origin, JSON. */
async function call(kind: 'call' | 'stream', name: string, payload: unknown) {
  const reply = await http('POST', `/api/${kind}/${name}`, {
    headers: {
      cookie,
      origin: `http://127.0.0.1:${server.port}`,
      'content-type': 'application/json',
    },
    // As the page's web transport sends it: image pixels as {"$base64"}.
    body: JSON.stringify(payload, bytesReplacer),
  });
  expect(reply.status).toBe(200);
  if (kind === 'call') return JSON.parse(reply.body) as { ok: boolean; value?: unknown };
  const messages = reply.body
    .split('\n\n')
    .filter(Boolean)
    .map(
      (block) => JSON.parse(block.replace(/^data: /, '')) as { type: string; envelope?: unknown },
    );
  return messages.at(-1)?.envelope as { ok: boolean; value?: unknown };
}

function patientDicom(): Uint8Array {
  const image = makeTestImage({
    rows: 32,
    columns: 32,
    bitsAllocated: 16,
    signed: true,
    modality: 'CT',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
    rescale: { slope: 1, intercept: -1024 },
    window: { center: -600, width: 1500 },
  });
  const patient = [
    { tag: 0x00100010, vr: 'PN', value: PATIENT.name },
    { tag: 0x00100020, vr: 'LO', value: PATIENT.id },
    { tag: 0x00100030, vr: 'DA', value: PATIENT.birthDate },
    { tag: 0x00101010, vr: 'AS', value: '066Y' },
    { tag: 0x00180015, vr: 'CS', value: 'CHEST' },
    { tag: 0x00081030, vr: 'LO', value: 'CT CHEST WITHOUT CONTRAST' },
  ] as const;
  // One element per tag: the test image's own patient attributes give way to these.
  const replaced = new Set<number>(patient.map((e) => e.tag));
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [...image.elements.filter((e) => !replaced.has(e.tag)), ...patient],
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
}

function captureLogs(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(format(...args));
    });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mmx-phi-home-'));
  userDir = await mkdtemp(join(tmpdir(), 'mmx-phi-user-'));
  const staticRoot = join(userDir, 'app');
  await mkdir(staticRoot);
  await writeFile(join(staticRoot, 'index.html'), '<!doctype html><title>app</title>');
  process.env.MMX_HOME = home;
  captureLogs();
  backEnd = createBackEnd({
    home,
    launchWorker: () => {
      const worker = forkWorker({ onOutput: (_stream, text) => logs.push(text) });
      return {
        get pid() {
          return worker.pid;
        },
        send: (message) => {
          toWorker.push(message);
          worker.send(message);
        },
        onMessage: (listener) => worker.onMessage(listener),
        onExit: (listener) => worker.onExit(listener),
        kill: () => worker.kill(),
      };
    },
  });
  server = await startWebServer({ dispatcher: backEnd.dispatcher, staticRoot });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
  await backEnd?.dispose();
  if (previousHome === undefined) delete process.env.MMX_HOME;
  else process.env.MMX_HOME = previousHome;
  await rm(home, { recursive: true, force: true });
  await rm(userDir, { recursive: true, force: true });
});

describe('a whole session with a patient study', () => {
  it('leaves no patient name, ID or birth date in any log line or file under MMX_HOME', async () => {
    // The page load as the printed URL makes it: the token becomes a cookie.
    const launch = await http('GET', `/?token=${server.token}`, {
      headers: { host: `127.0.0.1:${server.port}` },
    });
    cookie = String(launch.headers['set-cookie']).split(';')[0]!;
    expect(launch.status).toBe(303);

    for (const name of ['getAppInfo', 'ensureDemoModel', 'listModels', 'listGuidelines'])
      expect(await call('call', name, {})).toMatchObject({ ok: true });

    // The user opens the file: the viewer parses it and the study context comes from its tags.
    const file = join(userDir, FILE_NAME);
    await writeFile(file, patientDicom());
    const bytes = new Uint8Array(await readFile(file));
    const parsed = parseDicom(bytes);
    // The file really carries the patient, so a leak would have something to leak.
    expect(parsed.dataSet.string('x00100010')).toBe(PATIENT.name);
    expect(findPatientData(bytes, forms)).toEqual(expect.arrayContaining([PATIENT.id]));
    const context = studyContextFromDicom(parsed);
    expect(context).toMatchObject({ modality: 'CT', bodyPart: 'CHEST', patientAgeYears: 66 });
    // The viewer's attachment: the decoded frame's pixels as the model sees them, under the file's name.
    const image = captureDicomView(await decodeFrame(bytes, 0), {}, FILE_NAME);

    const runs = [];
    for (const [includeInPrompt, perspective] of [
      [false, 'analytical'],
      [true, 'all'],
    ] as const) {
      const question = 'Is there a pulmonary nodule, and what follow-up does it need?';
      const envelope = await call('stream', 'ask', {
        question,
        images: [image],
        context: { ...context, includeInPrompt },
        perspective,
      });
      expect(envelope.ok).toBe(true);
      const result = envelope.value as {
        routing: { specialty: string } | null;
        perspectives: Array<{
          perspective: string | null;
          steps: Array<{ citations: Array<{ guideline: string; passage: string }> }>;
          answer: unknown;
          unplaced: string[];
        }>;
        texts: Array<{ perspective: string | null; text: string }>;
      };
      expect(result.routing?.specialty).toBe('adult-medicine');
      const citation = result.perspectives.flatMap((p) => p.steps).flatMap((s) => s.citations)[0];
      // The user opens a cited passage.
      expect(citation).toBeDefined();
      const { guideline, passage } = citation!;
      expect(await call('call', 'getPassage', { guideline, passage })).toMatchObject({ ok: true });
      runs.push({
        id: runs.length + 1,
        question,
        status: 'done',
        routing: result.routing,
        images: [image],
        result,
        perspectives: result.perspectives.map((p) => ({
          key: p.perspective ?? 'single',
          perspective: p.perspective,
          text: result.texts.find((t) => t.perspective === p.perspective)?.text ?? '',
          steps: p.steps,
          answer: p.answer,
          unplaced: p.unplaced,
          done: true,
        })),
      });
    }

    // Export as the reasoning panel does (file names replaced by default), saved by the user outside MMX_HOME.
    // The renderer's own export code, loaded by path: it is compiled with browser types, so no static import.
    // eslint-disable-next-line boundaries/no-electron -- a test reaching the renderer's pure export module on purpose
    const exporter = (await import(/* @vite-ignore */ EXPORT_MODULE)) as CaseExport;
    const options = { keepFileNames: false, appVersion: 'test' };
    const exports = runs.flatMap((run) => [
      exporter.buildCaseMarkdown(run, options),
      JSON.stringify(exporter.buildCaseJson(run, options)),
    ]);
    await mkdir(join(userDir, 'exports'));
    for (const [i, text] of exports.entries())
      await writeFile(join(userDir, 'exports', `case-${i}.txt`), text);
    expect(exports[0]).toMatch(/^# Case: Is there a pulmonary nodule/);
    expect(exports[0]).toContain('data:image/png;base64,');
    // The default export is de-identified too: the file name is replaced.
    for (const text of exports) expect(findPatientData(text, forms)).toEqual([]);

    await server.close();
    await backEnd.dispose();

    const files = await readTree(home);
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['settings.json', expect.stringMatching(/mmx-manifest\.json$/)]),
    );
    const found = [
      ...findPatientData(logs.join('\n'), forms).map((what) => `log: ${what}`),
      ...files.flatMap((f) =>
        [...findPatientData(f.path, forms), ...findPatientData(f.bytes, forms)].map(
          (what) => `${f.path}: ${what}`,
        ),
      ),
    ];
    expect(found).toEqual([]);

    // Nor did the worker get them, even with the study context shared in the prompt.
    const prompts = JSON.stringify(toWorker, (_key, value: unknown) =>
      value instanceof Uint8Array ? `${value.length} bytes` : value,
    );
    expect(prompts).toContain('CT CHEST WITHOUT CONTRAST');
    expect(findPatientData(prompts, forms)).toEqual([]);
  });

  it("would see a planted value in a log line, the worker's output or a file, in any of its forms", async () => {
    const seen = logs.length;
    console.warn('opened %s', FILE_NAME.toUpperCase());
    process.stderr.write(`patient ${PATIENT.id}\n`);
    // The worker's own output: a preload that prints before the worker starts.
    const preload = join(userDir, 'plant.cjs');
    await writeFile(
      preload,
      `process.stdout.write('worker: ${PATIENT.birthDate}\\n'); process.stderr.write('worker: ${PATIENT.name}\\n');`,
    );
    const options = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `--require ${preload}`;
    const workerLines: string[] = [];
    const worker = forkWorker({ onOutput: (_stream, text) => workerLines.push(text) });
    if (options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = options;
    await expect.poll(() => workerLines.join('').split('worker:').length).toBe(3);
    worker.kill();
    expect(findPatientData(workerLines.join(''), forms)).toEqual(
      expect.arrayContaining([PATIENT.birthDate, PATIENT.name]),
    );
    const planted = logs.slice(seen).join('\n');
    expect(findPatientData(planted, forms)).toEqual(
      expect.arrayContaining(['Quillfeather^Marisol', 'Quillfeather', 'Marisol', PATIENT.id]),
    );
    const utf16 = Buffer.from(`{"n":"${PATIENT.name.toLowerCase()}"}`, 'utf16le');
    expect(findPatientData(Buffer.concat([Buffer.from([0]), utf16]), forms)).toContain('Marisol');
    const base64 = Buffer.from(`xx name=${PATIENT.name} dob=1958-03-17`).toString('base64');
    expect(findPatientData(base64, forms)).toEqual(
      expect.arrayContaining(['Quillfeather^Marisol as base64', '1958-03-17 as base64']),
    );
  });
});
