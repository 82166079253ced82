import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../models/dicom/parseDicom';
import { buildReasoningSr } from '../../models/dicom/sr/buildReasoningSr';
import { sampleStudy } from '../../models/pacs/testing/sampleStudy';
import { startOrthanc, type RunningOrthanc } from '../../models/pacs/testing/startOrthanc';
import { DicomwebClient } from '../../models/pacs/DicomwebClient';
import { createBackEnd } from './createHandlers';

const web = { mode: 'web' as const };
const STUDY = '1.2.826.0.1.3680043.10.999.21';
const files = sampleStudy({
  studyUid: STUDY,
  patientId: 'APP-1',
  patientName: 'Poe^Edgar',
  modality: 'CT',
  studyDate: '20220202',
  accession: 'ACC-APP',
  description: 'CT abdomen',
  series: [2, 1],
});

let home: string;
let orthanc: RunningOrthanc;
let secured: RunningOrthanc;
let backEnd: ReturnType<typeof createBackEnd>;
const call = (name: string, payload: unknown = {}) => backEnd.dispatcher.call(name, payload, web);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mmx-pacs-backend-'));
  [orthanc, secured] = await Promise.all([
    startOrthanc(),
    startOrthanc({ users: { bob: 'hunter2' } }),
  ]);
  await new DicomwebClient({ baseUrl: orthanc.dicomweb }).store(files.map((f) => f.bytes));
  backEnd = createBackEnd({ home });
}, 60_000);
afterAll(async () => {
  await backEnd?.dispose();
  await Promise.all([orthanc?.stop(), secured?.stop()]);
  await rm(home, { recursive: true, force: true });
});

async function addServer(payload: Record<string, unknown>): Promise<string> {
  const saved = await call('savePacsServer', payload);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  const servers = (saved.value as { servers: { id: string; name: string }[] }).servers;
  return servers.find((s) => s.name === payload.name)!.id;
}

describe('the PACS back end', () => {
  it('keeps a loopback server without asking, and refuses another host until the user consents once', async () => {
    await addServer({ name: 'Local Orthanc', url: orthanc.dicomweb });
    const refused = await call('savePacsServer', {
      name: 'Hospital',
      url: 'https://pacs.example.org/dicom-web',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'pacs-remote-consent', title: 'pacs.example.org is not this machine' },
    });
    const id = await addServer({
      name: 'Hospital',
      url: 'https://pacs.example.org/dicom-web',
      consentRemote: true,
    });
    // Renaming keeps the consent; moving to another host asks again.
    expect(
      (
        await call('savePacsServer', {
          id,
          name: 'Hospital PACS',
          url: 'https://pacs.example.org/dicom-web',
        })
      ).ok,
    ).toBe(true);
    expect(
      await call('savePacsServer', {
        id,
        name: 'Hospital PACS',
        url: 'https://other.example.org/dicom-web',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'pacs-remote-consent' },
    });
    const list = await call('listPacsServers');
    expect(list).toMatchObject({
      ok: true,
      value: {
        servers: expect.arrayContaining([
          expect.objectContaining({ name: 'Hospital PACS', remote: true }),
          expect.objectContaining({ name: 'Local Orthanc', remote: false }),
        ]),
      },
    });
    expect((await call('removePacsServer', { id })).ok).toBe(true);
  });

  it('stores a password apart from the entry, readable by this user only, and never sends it to the UI', async () => {
    const id = await addServer({
      name: 'Secured',
      url: secured.dicomweb,
      auth: 'basic',
      username: 'bob',
      secret: 'hunter2',
    });
    const list = JSON.stringify(await call('listPacsServers'));
    expect(list).not.toContain('hunter2');
    expect(list).toContain('"hasSecret":true');
    expect(await readFile(join(home, 'pacs-servers.json'), 'utf8')).not.toContain('hunter2');
    expect((await stat(join(home, 'pacs-secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await call('searchPacs', { serverId: id })).toMatchObject({
      ok: true,
      value: { studies: [] },
    });
    await addServer({
      id,
      name: 'Secured',
      url: secured.dicomweb,
      auth: 'basic',
      username: 'bob',
      secret: 'wrong',
    });
    expect(await call('searchPacs', { serverId: id })).toMatchObject({
      ok: false,
      error: {
        code: 'pacs',
        title: 'The PACS search failed',
        suggestion: expect.stringContaining('password'),
      },
    });
  });

  it('searches, lists series with counts, retrieves a series with progress and stores an SR back', async () => {
    const servers = (await call('listPacsServers')) as {
      ok: true;
      value: { servers: { id: string; name: string }[] };
    };
    const serverId = servers.value.servers.find((s) => s.name === 'Local Orthanc')!.id;
    const search = await call('searchPacs', {
      serverId,
      patientId: 'APP-1',
      dateFrom: '20220101',
      modality: 'CT',
    });
    expect(search).toMatchObject({
      ok: true,
      value: {
        studies: [
          {
            studyInstanceUID: STUDY,
            patientName: 'Poe^Edgar',
            accessionNumber: 'ACC-APP',
            series: 2,
            instances: 3,
          },
        ],
      },
    });
    const series = await call('listPacsSeries', { serverId, study: STUDY });
    expect(series).toMatchObject({
      ok: true,
      value: {
        series: [
          { seriesInstanceUID: `${STUDY}.1`, instances: 2, number: 1 },
          { seriesInstanceUID: `${STUDY}.2`, instances: 1 },
        ],
      },
    });

    const progress: unknown[] = [];
    const retrieved = await backEnd.dispatcher.stream(
      'retrievePacs',
      { serverId, study: STUDY, series: `${STUDY}.1` },
      (e) => progress.push(e),
      new AbortController().signal,
      web,
    );
    expect(progress).toEqual([
      { type: 'progress', done: 0, total: 2 },
      { type: 'progress', done: 1, total: 2 },
      { type: 'progress', done: 2, total: 2 },
    ]);
    const got = (
      retrieved as { ok: true; value: { files: { name: string; dicomBase64: string }[] } }
    ).value.files;
    expect(got.map((f) => f.name).sort()).toEqual([
      `${files[0]!.sopUid}.dcm`,
      `${files[1]!.sopUid}.dcm`,
    ]);

    const source = parseDicom(new Uint8Array(Buffer.from(got[0]!.dicomBase64, 'base64')));
    const sr = buildReasoningSr(
      { question: 'Q', steps: [], answer: 'A', model: { name: 'demo', sha256: '0'.repeat(64) } },
      [{ dicom: source, frame: 0 }],
    );
    expect(await call('storeToPacs', { serverId, bytes: sr })).toEqual({
      ok: true,
      value: { stored: 1 },
    });
    expect(await call('searchPacs', { serverId, modality: 'SR' })).toMatchObject({
      ok: true,
      value: { studies: [{ studyInstanceUID: STUDY, instances: 4 }] },
    });
    expect(
      await call('storeToPacs', {
        serverId,
        bytes: new TextEncoder().encode('not dicom'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'pacs-not-dicom' } });
  });

  it('stops a retrieval when it is cancelled, without fetching the rest', async () => {
    const servers = (await call('listPacsServers')) as {
      ok: true;
      value: { servers: { id: string; name: string }[] };
    };
    const serverId = servers.value.servers.find((s) => s.name === 'Local Orthanc')!.id;
    const controller = new AbortController();
    const seen: { done: number }[] = [];
    const envelope = await backEnd.dispatcher.stream(
      'retrievePacs',
      { serverId, study: STUDY },
      (event) => {
        seen.push(event as { done: number });
        if ((event as { done: number }).done === 1) controller.abort();
      },
      controller.signal,
      web,
    );
    expect(envelope).toMatchObject({ ok: false });
    expect(seen.at(-1)!.done).toBe(1);
  });

  it('rejects a malformed UID before any request leaves', async () => {
    const servers = (await call('listPacsServers')) as {
      ok: true;
      value: { servers: { id: string }[] };
    };
    expect(
      await call('listPacsSeries', {
        serverId: servers.value.servers[0]!.id,
        study: '1.2/../../x',
      }),
    ).toMatchObject({ ok: false });
  });
});
