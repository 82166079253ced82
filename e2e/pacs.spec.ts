import { spawnSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { PacsPage } from './pages/PacsPage';
import { ReasoningPage } from './pages/ReasoningPage';
import { firstString } from '../models/pacs/dicomJson';
import { DicomwebClient } from '../models/pacs/DicomwebClient';
import { requireDebianTool } from '../models/pacs/testing/requireDebianTool';
import { sampleStudy } from '../models/pacs/testing/sampleStudy';
import { startOrthanc, type RunningOrthanc } from '../models/pacs/testing/startOrthanc';

const STUDY = '1.2.826.0.1.3680043.10.999.77';
let orthanc: RunningOrthanc;
let client: DicomwebClient;

test.beforeAll(async () => {
  orthanc = await startOrthanc();
  client = new DicomwebClient({ baseUrl: orthanc.dicomweb });
  const files = sampleStudy({
    studyUid: STUDY,
    patientId: 'E2E-PACS-1',
    patientName: 'Quill^Ada',
    modality: 'CT',
    studyDate: '20240611',
    accession: 'ACC-E2E',
    description: 'Chest CT',
    series: [3, 2],
  });
  await client.store(files.map((f) => f.bytes));
});
test.afterAll(async () => {
  await orthanc?.stop();
});

test('a study opened from the PACS shows in the viewer, is asked about, and its reasoning SR goes back to the study', async ({
  appPage,
}) => {
  const page = appPage.page;
  const pacs = new PacsPage(page);
  await pacs.open();
  await pacs.addServer('Test Orthanc', orthanc.dicomweb);
  await pacs.search({ patientId: 'E2E-PACS-1' });
  await expect(pacs.studies).toHaveCount(1);
  const row = pacs.studies.first();
  // Patient data stays hidden until the user asks for it.
  await expect(row).not.toContainText('Quill');
  await expect(row).toContainText('2024-06-11');
  await expect(row).toContainText('Chest CT');
  await expect(row).toContainText('2 / 5');
  await pacs.dialog.getByLabel('show patient data').check();
  await expect(row).toContainText('Quill^Ada (E2E-PACS-1)');
  // One setting for the window: the status bar says so and the viewer follows it.
  await expect(page.getByTestId('status-phi')).toHaveText('Patient data shown');

  await row.getByRole('button', { name: 'Series' }).click();
  await expect(pacs.series).toHaveCount(2);
  await expect(pacs.series.first()).toContainText('3 images');
  await row.getByRole('button', { name: 'Open study' }).click();
  await expect(pacs.dialog.getByText('Opened study Chest CT: 5 images')).toBeVisible();
  await pacs.dialog.getByRole('button', { name: 'Close PACS' }).click();

  await expect(appPage.studyItems).toHaveCount(2);
  await appPage.waitForViewer('ready');
  await expect(page.getByTestId('viewer-overlay')).toContainText('E2E-PACS-1');

  const reasoning = new ReasoningPage(page);
  await reasoning.ask('Is there a nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as DICOM SR' }).click();
  const srFile = (await (await download).path())!;
  requireDebianTool('dsrdump', 'dcmtk');
  requireDebianTool('dciodvfy', 'dicom3tools');
  const tree = spawnSync('dsrdump', [srFile], { encoding: 'utf8' }).stdout;
  // dsrdump shortens long values to 27 characters.
  expect(tree).toContain('<contains TEXT:(,,"Question")="Is there a nodule that need...">');
  expect(tree).toContain('Decision support, not a dia');
  expect(tree).toContain('<contains IMAGE:(,,"Image seen by the model")');
  const check = spawnSync('dciodvfy', [srFile], { encoding: 'utf8' });
  expect(`${check.stdout}${check.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual(
    [],
  );

  await page.getByRole('button', { name: 'Send to PACS' }).click();
  await expect(page.getByText('The PACS stored the reasoning SR in the study.')).toBeVisible();
  const studies = await client.searchStudies({
    StudyInstanceUID: STUDY,
    includefield: ['00080061'],
  });
  expect(studies[0]?.['00080061']?.Value).toEqual(expect.arrayContaining(['CT', 'SR']));
  const srSeries = (await client.searchSeries(STUDY, { includefield: ['0008103E'] })).filter(
    (s) => firstString(s, '00080060') === 'SR',
  );
  expect(srSeries.map((s) => firstString(s, '0008103E'))).toEqual(['MMedExpert reasoning']);
  // Only the app's own address and nothing else was requested by the page.
  expect(appPage.requests.every((url) => url.startsWith(appPage.app.url))).toBe(true);
});

test('a PACS on another machine needs consent once and shows in the status bar', async ({
  appPage,
}) => {
  const pacs = new PacsPage(appPage.page);
  await pacs.open();
  await pacs.addServer('Hospital PACS', 'https://pacs.example.org/dicom-web', { consent: true });
  await pacs.dialog.getByRole('button', { name: 'Close PACS' }).click();
  await expect(appPage.page.getByTestId('status-remote')).toHaveText(
    'PACS on another machine: pacs.example.org',
  );
  // Not "Offline": studies now come from another machine (the model still runs here).
  await expect(appPage.page.getByTestId('privacy-status')).toHaveText(
    'The model runs here; studies come from and go to the PACS named',
  );
});

test('a PACS that does not answer gets its error in place, with what to check', async ({
  appPage,
}) => {
  const pacs = new PacsPage(appPage.page);
  await pacs.open();
  // Orthanc's HTTP port with a path that is not a DICOMweb root: HTTP 404.
  await pacs.addServer('Wrong root', `${orthanc.url}/not-dicomweb`);
  // A new entry is the one selected.
  await expect(pacs.dialog.getByLabel('Server', { exact: true })).toHaveValue(/.+/);
  await expect(
    pacs.dialog.getByLabel('Server', { exact: true }).locator('option:checked'),
  ).toHaveText('Wrong root (this machine)');
  await pacs.search({ patientId: 'E2E-PACS-1' });
  const alert = pacs.dialog.getByRole('alert');
  await expect(alert).toContainText('The PACS search failed');
  await alert.getByText('Details').click();
  await expect(alert).toContainText('not found on the server (HTTP 404)');
});
