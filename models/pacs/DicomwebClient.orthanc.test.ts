import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../dicom/parseDicom';
import { firstString } from './dicomJson';
import { DicomwebClient } from './DicomwebClient';
import { PacsError } from './PacsError';
import { STUDY_FIELDS, studySummary } from './studySummary';
import { sampleStudy } from './testing/sampleStudy';
import { startOrthanc, type RunningOrthanc } from './testing/startOrthanc';

const STUDY = '1.2.826.0.1.3680043.10.999.1';
const files = sampleStudy({
  studyUid: STUDY,
  patientId: 'PACS-7',
  patientName: 'Doe^Jane',
  modality: 'CT',
  studyDate: '20240315',
  accession: 'ACC42',
  description: 'Chest CT',
  series: [2, 3],
});

let orthanc: RunningOrthanc;
let client: DicomwebClient;
beforeAll(async () => {
  orthanc = await startOrthanc();
  client = new DicomwebClient({ baseUrl: orthanc.dicomweb });
}, 60_000);
afterAll(async () => {
  await orthanc?.stop();
});

describe('DicomwebClient against Orthanc', () => {
  it('stores a study with STOW-RS and finds it with QIDO-RS by patient ID, date range and modality', async () => {
    expect(await client.store(files.map((f) => f.bytes))).toEqual({ stored: 5 });
    const found = await client.searchStudies({
      PatientID: 'PACS-7',
      StudyDate: '20240101-20241231',
      ModalitiesInStudy: 'CT',
      includefield: STUDY_FIELDS,
    });
    expect(found.map((s) => studySummary(s, { phi: true }))).toEqual([
      {
        studyInstanceUID: STUDY,
        patientId: 'PACS-7',
        patientName: 'Doe^Jane',
        accessionNumber: 'ACC42',
        studyDate: '20240315',
        modalities: ['CT'],
        description: 'Chest CT',
        series: 2,
        instances: 5,
      },
    ]);
    expect(
      await client.searchStudies({ PatientID: 'PACS-7', StudyDate: '20250101-20251231' }),
    ).toEqual([]);
    expect(await client.searchStudies({ AccessionNumber: 'ACC42' })).toHaveLength(1);
  });

  it('lists the series of a study with their instance counts and the instances of a series', async () => {
    const series = await client.searchSeries(STUDY, { includefield: ['00201209', '0008103E'] });
    const counts = series
      .map((s) => [firstString(s, '0020000E'), firstString(s, '00201209')])
      .sort();
    expect(counts).toEqual([
      [`${STUDY}.1`, '2'],
      [`${STUDY}.2`, '3'],
    ]);
    const instances = await client.searchInstances(STUDY, `${STUDY}.2`);
    expect(instances.map((i) => firstString(i, '00080018')).sort()).toEqual([
      `${STUDY}.2.1`,
      `${STUDY}.2.2`,
      `${STUDY}.2.3`,
    ]);
  });

  it('retrieves an instance with WADO-RS byte for byte as it was stored, and its metadata', async () => {
    const file = files[3]!;
    const bytes = await client.retrieveInstance(STUDY, file.seriesUid, file.sopUid);
    const original = parseDicom(file.bytes).dataSet;
    const retrieved = parseDicom(bytes).dataSet;
    expect(retrieved.string('x00080018')).toBe(file.sopUid);
    const pixels = (ds: typeof original) => {
      const e = ds.elements.x7fe00010!;
      return ds.byteArray.slice(e.dataOffset, e.dataOffset + e.length);
    };
    expect(pixels(retrieved)).toEqual(pixels(original));
    const metadata = await client.retrieveSeriesMetadata(STUDY, file.seriesUid);
    expect(metadata.map((m) => firstString(m, '00080018')).sort()).toEqual([
      `${STUDY}.2.1`,
      `${STUDY}.2.2`,
      `${STUDY}.2.3`,
    ]);
  });

  it('says 404 in one sentence for an unknown study', async () => {
    await expect(client.retrieveInstance('1.2.3', '4.5.6', '7.8.9')).rejects.toThrow(
      /PACS at http:\/\/127\.0\.0\.1:\d+: not found on the server \(HTTP 404\)/,
    );
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s: Server = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const dead = new DicomwebClient({ baseUrl: `http://127.0.0.1:${closed}/dicom-web` });
    const error = await dead.searchStudies().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PacsError);
    expect((error as Error).message).toBe(
      `cannot reach the PACS at http://127.0.0.1:${closed}: the connection was refused (is the server running on that port?)`,
    );
  });
});

describe('DicomwebClient against an Orthanc with basic authentication', () => {
  let secured: RunningOrthanc;
  beforeAll(async () => {
    secured = await startOrthanc({ users: { radiologist: 's3cret' } });
  }, 60_000);
  afterAll(async () => {
    await secured?.stop();
  });

  it('sends the credentials it was given and names HTTP 401 when they are wrong or missing', async () => {
    const good = new DicomwebClient({
      baseUrl: secured.dicomweb,
      auth: { kind: 'basic', username: 'radiologist', password: 's3cret' },
    });
    expect(await good.searchStudies()).toEqual([]);
    const bad = new DicomwebClient({
      baseUrl: secured.dicomweb,
      auth: { kind: 'basic', username: 'radiologist', password: 'wrong' },
    });
    await expect(bad.searchStudies()).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('needs credentials, or refused the ones given (HTTP 401)'),
    });
    const none = new DicomwebClient({ baseUrl: secured.dicomweb });
    await expect(none.searchStudies()).rejects.toMatchObject({ status: 401 });
  });
});
