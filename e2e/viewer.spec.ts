import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { ViewerPage } from './pages/ViewerPage';
import { syntaxes, writeDicom } from '../models/dicom/testing/writeDicom';
import { makeTestEcg } from '../models/dicom/testing/makeTestEcg';
import { makeTestSr } from '../models/dicom/testing/makeTestSr';
import { ReasoningPage } from './pages/ReasoningPage';
import {
  ENHANCED_WINDOWS,
  SPACING,
  ctSlice,
  ctSliceJ2k,
  dicomFile,
  enhancedCt,
  jpegXlSlice,
} from './testDicom';

test('a CT series is grouped, scrolled, windowed, measured and its tags browsed', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  // Opened out of order: the viewer must sort by position / Instance Number.
  await appPage.openFiles([3, 1, 5, 2, 4].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await expect(viewer.studyEntries).toHaveCount(1);
  await expect(viewer.studyEntries.first()).toContainText('Axial test series');
  await expect(viewer.studyEntries.first()).toContainText('CT · 5 images');
  await viewer.waitReady();
  // The series has a thumbnail of its middle slice.
  await expect(viewer.studyEntries.first().locator('canvas.series-thumbnail')).toHaveAttribute(
    'data-drawn',
    'true',
  );
  expect(await viewer.number('frame-index')).toBe(0);
  expect(await viewer.number('instance-number')).toBe(1);
  expect(await viewer.number('window-center')).toBe(40);
  expect(await viewer.number('window-width')).toBe(400);

  // Stack scroll: keyboard, then wheel.
  await viewer.viewport.focus();
  await page.keyboard.press('ArrowDown');
  await expect(viewer.root).toHaveAttribute('data-frame-index', '1');
  await expect(viewer.root).toHaveAttribute('data-instance-number', '2');
  const box = (await viewer.viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 120);
  await expect(viewer.root).toHaveAttribute('data-frame-index', '2');
  await expect(viewer.root).toHaveAttribute('data-instance-number', '3');

  // Window: a preset, then a drag (W/L tool: right widens, down raises the level).
  await viewer.menu('Window', /^Lung/);
  await expect(viewer.root).toHaveAttribute('data-window-center', '-600');
  await expect(viewer.root).toHaveAttribute('data-window-width', '1500');
  await viewer.drag({ x: 100, y: 100 }, { x: 160, y: 140 });
  await expect(viewer.root).not.toHaveAttribute('data-window-width', '1500');
  expect(await viewer.number('window-width')).toBeGreaterThan(1500);
  expect(await viewer.number('window-center')).toBeGreaterThan(-600);
  await viewer.menu('Window', /^Default/);
  await expect(viewer.root).toHaveAttribute('data-window-width', '400');

  // Length: a horizontal drag of D screen pixels is D / zoom image pixels, each 0.5 mm.
  await viewer.tool('Length');
  const scale = Number(await viewer.root.getAttribute('data-scale'));
  expect(scale).toBeGreaterThan(0);
  const { width, height } = await viewer.size();
  const from = { x: width / 2 - 100, y: height / 2 };
  const to = { x: width / 2 + 100, y: height / 2 };
  await viewer.drag(from, to);
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '1');
  await expect(viewer.root).toHaveAttribute('data-last-measurement-tool', 'Length');
  const expected = (200 / scale) * SPACING;
  const measured = await viewer.number('last-measurement');
  expect(Math.abs(measured - expected)).toBeLessThan(SPACING / 2);
  await expect(viewer.measurements).toContainText(/Length \d+\.\d\d mm/);

  // Tag browser: patient data hidden until revealed.
  await viewer.menu('More', /^Tags/);
  await expect(viewer.tagDialog).toBeVisible();
  await expect(viewer.tagDialog).toContainText('Rows');
  await expect(viewer.tagDialog).not.toContainText('Test^Patient');
  await expect(viewer.tagDialog.getByTestId('phi-note')).toContainText('hidden');
  await viewer.tagDialog.getByLabel('Search tags').fill('modality');
  await expect(viewer.tagDialog.locator('tbody tr')).toHaveCount(1);
  await viewer.tagDialog.getByLabel('Reveal patient data').check();
  await viewer.tagDialog.getByLabel('Search tags').fill('');
  await expect(viewer.tagDialog).toContainText('Test^Patient');
  await viewer.tagDialog.getByLabel('Reveal patient data').uncheck();
  await viewer.tagDialog.getByRole('button', { name: 'Close' }).click();
  await viewer.tagDialog.getByLabel('Reveal patient data').waitFor({ state: 'detached' });
  await expect(page.getByTestId('viewer-overlay')).toContainText('Axial test series');
  await expect(page.getByTestId('viewer-overlay')).not.toContainText('Test Patient');

  // Send to model: the displayed frame goes to the question's attachments.
  await page.getByRole('button', { name: 'Send to model' }).click();
  await expect(page.getByRole('list', { name: 'Images sent with the question' })).toContainText(
    'Axial test series (3 of 5)',
  );

  await viewer.pane.screenshot({ path: 'e2e/artifacts/viewer.png' });
});

test('a corrupt DICOM file and a DICOM without an image give a clear message', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const corrupt = Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM'),
    Buffer.from([2, 0, 1, 0, 0xff, 0xff]),
  ]);
  await appPage.openFiles([dicomFile('broken.dcm', corrupt)]);
  const problem = page.locator('#pane-viewer [data-state="error"]');
  // A sentence about the file; the decoder's words only behind "Details".
  await expect(problem).toContainText(
    'broken.dcm: This file is damaged or incomplete, so it cannot be read.',
  );
  await expect(problem.locator('p')).not.toContainText(/parseDicom|dicomParser/);
  await problem.getByText('Details').click();
  await expect(problem.locator('code')).toContainText('parseDicom');
  await expect(viewer.studyEntries.first()).toContainText('cannot be read');
  const report = writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
      { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.9' },
      { tag: 0x00080060, vr: 'CS', value: 'SR' },
    ],
  });
  await appPage.openFiles([dicomFile('report.dcm', Buffer.from(report))]);
  await expect(page.locator('#pane-viewer [data-state="error"]')).toContainText(
    'report.dcm: This DICOM object holds no image',
  );
  await expect(viewer.studyEntries).toHaveCount(2);
  await expect(viewer.studyEntries.nth(1)).toContainText('not an image');
  await expect(page.getByTestId('item-counts')).toHaveText(
    '0 images · 1 non-image object · 1 unreadable file',
  );
});

test('an ROI over soft tissue reads 40 HU with no spread, and an angle reads its degrees', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([1, 2, 3].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  const { width, height } = await viewer.size();
  const cx = width / 2;
  const cy = height / 2;

  // Slice 1's soft tissue (40 HU) fills a disc of radius 28 px around the centre.
  await viewer.tool('Rect');
  await viewer.drag({ x: cx - 30, y: cy - 30 }, { x: cx + 30, y: cy + 30 });
  await expect(viewer.root).toHaveAttribute('data-last-measurement-tool', 'RectangleRoi');
  await expect.poll(() => viewer.number('last-measurement')).toBeCloseTo(40, 5);
  await expect(viewer.measurements).toContainText(
    /Rectangle mean 40\.0 HU, SD 0\.0 HU, area \d+\.\d mm²/,
  );

  // An ellipse reaching into the bone ring (1000 HU) has a higher mean and a spread.
  await viewer.tool('Ellipse');
  const scale = await viewer.number('scale');
  const ring = 31 * scale; // image px 31 from the centre lies in the ring (28–34)
  await viewer.drag({ x: cx - ring, y: cy - ring }, { x: cx + ring, y: cy + ring });
  await expect(viewer.root).toHaveAttribute('data-last-measurement-tool', 'EllipticalRoi');
  await expect.poll(() => viewer.number('last-measurement')).toBeGreaterThan(60);
  await expect(viewer.measurements).toContainText(/Ellipse mean \d+\.\d HU, SD [1-9]\d*\.\d HU/);

  // A right angle: three clicks (vertex in the middle).
  await viewer.tool('Angle');
  const box = (await viewer.viewport.boundingBox())!;
  await page.mouse.click(box.x + cx, box.y + cy - 60);
  await page.mouse.click(box.x + cx, box.y + cy);
  await page.mouse.click(box.x + cx + 60, box.y + cy);
  await expect(viewer.root).toHaveAttribute('data-last-measurement-tool', 'Angle');
  await expect.poll(() => viewer.number('last-measurement')).toBeCloseTo(90, 0);
});

test('a file in a codec the decoder lacks is marked unreadable and the question goes as text only', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const reasoning = new ReasoningPage(page);
  await appPage.openFiles([
    dicomFile('slice1.dcm', ctSlice(1)),
    dicomFile('jpegxl.dcm', jpegXlSlice()),
  ]);
  await expect(viewer.studyEntries).toHaveCount(2);
  await expect(page.getByTestId('item-counts')).toHaveText('1 image · 1 unreadable file');
  const unreadable = viewer.studyEntries.filter({ hasText: 'jpegxl.dcm' });
  await expect(unreadable).toContainText('cannot be read');
  await expect(unreadable).toHaveAttribute('data-problem', 'unreadable');
  await unreadable.click();
  await expect(page.locator('#pane-viewer [data-state="error"]')).toContainText(
    'compressed as JPEG XL',
  );
  await expect(reasoning.imageHint).toHaveText(
    'jpegxl.dcm cannot be read, so the question goes as text only.',
  );
  await reasoning.ask('What does a JPEG XL file hold?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(reasoning.run.locator('.run-images-none')).toHaveText('Text only');
});

test("Ctrl+2 puts the viewer's keys to work at once", async ({ appPage }) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([1, 2, 3].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  await page.getByLabel('Question', { exact: true }).click();
  await page.keyboard.press('Control+2');
  await expect(viewer.viewport).toBeFocused();
  await page.keyboard.press('i');
  await expect(viewer.root).toHaveAttribute('data-invert', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(viewer.root).toHaveAttribute('data-frame-index', '1');
  await page.keyboard.press('1');
  await expect(viewer.root).toHaveAttribute('data-window-center', '-600');
});

test('"Send to model" refuses the same view twice and says so at the limit instead of dropping one', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const reasoning = new ReasoningPage(page);
  const send = page.getByRole('button', { name: 'Send to model' });
  await appPage.openFiles([1, 2, 3, 4].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  await send.click();
  await expect(reasoning.attachments).toHaveCount(1);
  await send.click();
  await expect(reasoning.attachNotice).toContainText('already attached as image 1');
  await expect(reasoning.attachments).toHaveCount(1);
  await expect(reasoning.question).toBeFocused();
  // Thumbnails show each frame as captured.
  await expect(reasoning.attachments.first().locator('img')).toHaveAttribute(
    'src',
    /^data:image\/png;base64,/,
  );

  // Six distinct views: four slices, then two of them inverted.
  const views: Array<[key: string, frame: string, invert: string]> = [
    ['ArrowDown', '1', 'false'],
    ['ArrowDown', '2', 'false'],
    ['ArrowDown', '3', 'false'],
    ['i', '3', 'true'],
    ['ArrowUp', '2', 'true'],
  ];
  for (const [index, [key, frame, invert]] of views.entries()) {
    await viewer.viewport.focus();
    await page.keyboard.press(key);
    await expect(viewer.root).toHaveAttribute('data-frame-index', frame);
    await expect(viewer.root).toHaveAttribute('data-invert', invert);
    await send.click();
    // The capture is encoded, then the focus moves to the question.
    await expect(reasoning.attachments).toHaveCount(index + 2);
    await expect(reasoning.question).toBeFocused();
  }
  await expect(reasoning.attachments).toHaveCount(6);
  await expect(reasoning.attachNotice).toBeHidden();
  const names = await reasoning.attachments.allTextContents();
  await viewer.viewport.focus();
  await page.keyboard.press('ArrowUp');
  await expect(viewer.root).toHaveAttribute('data-frame-index', '1');
  await send.click();
  await expect(reasoning.attachNotice).toContainText(
    '6 images are attached, the most one question can take; remove one to add another.',
  );
  // Nothing was dropped.
  expect(await reasoning.attachments.allTextContents()).toEqual(names);
  await reasoning.attachments
    .first()
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(reasoning.attachments).toHaveCount(5);
  await send.click();
  await expect(reasoning.attachments).toHaveCount(6);
});

test('one measurement is selected, deleted on its own, and the deletion undone and redone', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([1, 2].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  const { width, height } = await viewer.size();
  await viewer.tool('Length');
  await viewer.drag(
    { x: width / 2 - 80, y: height / 2 - 40 },
    { x: width / 2 + 80, y: height / 2 - 40 },
  );
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '1');
  await viewer.drag(
    { x: width / 2 - 40, y: height / 2 + 40 },
    { x: width / 2 + 40, y: height / 2 + 40 },
  );
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '2');
  const items = viewer.measurements.getByRole('button');
  await expect(items).toHaveCount(2);
  // The list sits below the image, not over it.
  const list = (await viewer.measurements.boundingBox())!;
  const image = (await viewer.viewport.boundingBox())!;
  expect(list.y).toBeGreaterThanOrEqual(image.y + image.height - 1);

  // Tab from the image selects the first measurement; Delete removes only it.
  const second = await items.nth(1).textContent();
  await viewer.viewport.focus();
  await page.keyboard.press('Tab');
  await expect(items.first()).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText(second!.replace(/^2/, '1'));
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '1');
  // Focus follows the selection to the remaining measurement, so Ctrl+Z reaches the viewer.
  await expect(items.first()).toBeFocused();

  await page.keyboard.press('Control+z');
  await expect(items).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(items).toHaveCount(1);
  // Clicking selects too.
  await items.first().click();
  await expect(items.first()).toHaveAttribute('aria-pressed', 'true');
});

test('a measurement is selected by clicking it on the image, and the image sent to the model carries the measurements drawn in', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const reasoning = new ReasoningPage(page);
  await appPage.openFiles([1, 2].map((n) => dicomFile(`click${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  const { width, height } = await viewer.size();
  await viewer.tool('Length');
  const upper = height / 2 - 50;
  const lower = height / 2 + 50;
  await viewer.drag({ x: width / 2 - 80, y: upper }, { x: width / 2 + 80, y: upper });
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '1');
  await viewer.drag({ x: width / 2 - 60, y: lower }, { x: width / 2 + 60, y: lower });
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '2');
  const items = viewer.measurements.getByRole('button');
  const [firstId, secondId] = await items.evaluateAll((buttons) =>
    buttons.map((b) => b.getAttribute('data-measurement-id')),
  );

  // A click on the first line, away from its handles, selects it; a click on the image elsewhere, none.
  await viewer.tool('W/L');
  const box = (await viewer.viewport.boundingBox())!;
  await page.mouse.click(box.x + width / 2 - 20, box.y + upper + 2);
  await expect(viewer.root).toHaveAttribute('data-measurement-selected', firstId!);
  await expect(items.first()).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.click(box.x + width / 2, box.y + lower - 1);
  await expect(viewer.root).toHaveAttribute('data-measurement-selected', secondId!);
  await page.mouse.click(box.x + 12, box.y + 12);
  await expect(viewer.root).not.toHaveAttribute('data-measurement-selected');
  await page.mouse.click(box.x + width / 2 - 20, box.y + upper + 2);
  await expect(viewer.root).toHaveAttribute('data-measurement-selected', firstId!);
  // Delete removes only the one clicked; Ctrl+Z brings it back.
  await viewer.viewport.focus();
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-measurement-id', secondId!);
  await page.keyboard.press('Control+z');
  await expect(items).toHaveCount(2);

  // What the model gets is what the user marked: the grey CT frame comes with yellow lines and labels.
  await page.getByRole('button', { name: 'Send to model' }).click();
  await expect(reasoning.attachments).toHaveCount(1);
  const marked = await attachmentColours(reasoning.attachments.first().locator('img'));
  expect(marked.yellow).toBeGreaterThan(100);
  expect(marked.coloured).toBe(marked.yellow);

  // Turned off under More, the frame goes as it is (grey only), as a second attachment.
  const toolbar = page.getByRole('toolbar', { name: 'Viewer tools' });
  const option = toolbar.getByRole('checkbox', { name: 'Send with measurements' });
  await toolbar.getByRole('button', { name: 'More ▾' }).click();
  await expect(option).toBeChecked();
  await option.uncheck();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Send to model' }).click();
  await expect(reasoning.attachments).toHaveCount(2);
  expect(await attachmentColours(reasoning.attachments.nth(1).locator('img'))).toEqual({
    yellow: 0,
    coloured: 0,
  });
  await toolbar.getByRole('button', { name: 'More ▾' }).click();
  await option.check();
  await page.keyboard.press('Escape');
});

/** Pixels of an attachment's thumbnail (the image as sent): the measurement yellow, and any not grey. */
function attachmentColours(img: Locator): Promise<{ yellow: number; coloured: number }> {
  return img.evaluate(async (element: HTMLImageElement) => {
    await element.decode();
    const canvas = document.createElement('canvas');
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(element, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let yellow = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[i + 2]) coloured++;
      if (data[i] === 255 && data[i + 1] === 221 && data[i + 2] === 0) yellow++;
    }
    return { yellow, coloured };
  });
}

test('the overlay shows orientation, slice position, a scale bar, window and zoom, each part hideable', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const overlay = page.getByTestId('viewer-overlay');
  await appPage.openFiles([1, 2].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await viewer.waitReady();
  // Axial (Image Orientation (Patient) 1\0\0\0\1\0): anterior on top, the patient's left on the right.
  await expect(page.getByTestId('marker-top')).toHaveText('A');
  await expect(page.getByTestId('marker-right')).toHaveText('L');
  await expect(page.getByTestId('overlay-position')).toHaveText('Loc 2.50 mm · Thick 2.50 mm');
  await expect(overlay).toContainText('W 400 L 40');
  await expect(overlay).toContainText(/Zoom \d+\.\d\d×/);
  // The bar's length on screen is its millimetres at the current zoom (0.5 mm pixels).
  const bar = page.getByTestId('scale-bar');
  const mm = Number(await bar.getAttribute('data-mm'));
  const scale = await viewer.number('scale');
  const px = (await bar.locator('span').boundingBox())!.width;
  expect(Math.abs(px - (mm / SPACING) * scale)).toBeLessThan(1.5);

  await viewer.viewport.focus();
  await page.keyboard.press('r');
  await expect(page.getByTestId('marker-top')).toHaveText('R');
  await viewer.viewport.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('overlay-position')).toHaveText('Loc 5.00 mm · Thick 2.50 mm');

  await page.getByRole('button', { name: 'More ▾' }).click();
  await page.getByLabel('Orientation markers').uncheck();
  await page.getByLabel('Scale bar').uncheck();
  await expect(page.getByTestId('marker-top')).toHaveCount(0);
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId('overlay-position')).toBeVisible();
  await page.getByLabel('Window and zoom').uncheck();
  await expect(overlay.getByText('W 400 L 40')).toBeHidden();
});

test('an SR document opens as its content tree and an ECG is plotted on mm/mV paper', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([
    dicomFile('report.dcm', Buffer.from(makeTestSr())),
    dicomFile('ecg.dcm', Buffer.from(makeTestEcg())),
  ]);
  await expect(page.getByTestId('item-counts')).toHaveText('0 images · 2 non-image objects');
  await viewer.studyEntries.filter({ hasText: 'report.dcm' }).click();
  const sr = page.getByTestId('sr-view');
  await expect(sr.getByRole('heading')).toHaveText('Chest CT report');
  const tree = page.getByTestId('sr-tree');
  await expect(tree.locator(':scope > li')).toHaveCount(3);
  await expect(tree).toContainText('Finding: Solid nodule in the right upper lobe.');
  await expect(tree).toContainText('Distance: 7.5 mm');
  await expect(tree).toContainText('Impression: Follow-up recommended');
  await expect(page.getByTestId('image-hint')).toHaveText(
    'No image open: the question is asked as text only.',
  );
  await sr.screenshot({ path: 'e2e/artifacts/sr-tree.png' });

  await viewer.studyEntries.filter({ hasText: 'ecg.dcm' }).click();
  const ecg = page.getByTestId('ecg-plot');
  await expect(ecg).toContainText('2 leads · 2.0 s at 500 Hz');
  const leads = ecg.locator('g[data-lead]');
  await expect(leads).toHaveCount(2);
  await expect(leads.first()).toHaveAttribute('data-lead', 'Lead I');
  // Lead I peaks at 1 mV a quarter second in: 6.25 mm along, 10 mm above its baseline.
  const [x, y, baseline] = await leads.first().evaluate((g) => {
    const points = g.querySelector('polyline')!.getAttribute('points')!.trim().split(' ');
    const [px, py] = points[125]!.split(',').map(Number);
    return [px!, py!, Number(g.getAttribute('data-baseline-mm'))];
  });
  expect(x).toBeCloseTo(6.25, 2);
  expect(baseline - y).toBeCloseTo(10, 1);
  await ecg.screenshot({ path: 'e2e/artifacts/ecg-plot.png' });
});

test('a 1×2 layout shows a series per viewport and scrolls series of one Frame of Reference together', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const second = {
    uid: '1.2.826.0.1.3680043.10.1.8',
    description: 'Second test series',
    number: 2,
  };
  await appPage.openFiles([
    ...[1, 2, 3, 4, 5].map((n) => dicomFile(`a${n}.dcm`, ctSlice(n))),
    ...[1, 2, 3, 4, 5].map((n) => dicomFile(`b${n}.dcm`, ctSlice(n, second))),
  ]);
  await expect(viewer.studyEntries).toHaveCount(2);
  await viewer.waitReady();
  await page
    .getByRole('group', { name: 'Viewport layout' })
    .getByRole('button', { name: '1×2' })
    .click();
  const left = page.getByTestId('viewport-1');
  const right = page.getByTestId('viewport-2');
  await expect(left.getByTestId('dicom-viewport')).toHaveAttribute(
    'aria-label',
    /Axial test series/,
  );
  // Drag the second series from the list onto the right viewport.
  await viewer.studyEntries.filter({ hasText: 'Second test series' }).dragTo(right);
  await expect(right.getByTestId('dicom-viewport')).toHaveAttribute(
    'aria-label',
    /Second test series/,
  );
  await expect(page.locator('.viewer-cell .dicom-viewer[data-state="ready"]')).toHaveCount(2);
  await expect(left).toHaveAttribute('data-active', 'true');

  // Scrolling the left series moves the right one to the same slice position.
  await left.getByTestId('dicom-viewport').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(left.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '2');
  await expect(right.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '2');
  // And the other way round; the right viewport becomes the active one.
  await right.getByTestId('dicom-viewport').focus();
  await expect(right).toHaveAttribute('data-active', 'true');
  await page.keyboard.press('End');
  await expect(right.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '4');
  await expect(left.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '4');
  // The active viewport is what the list shows selected.
  await expect(viewer.studyEntries.filter({ hasText: 'Second test series' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.screenshot({ path: 'e2e/artifacts/layout-1x2.png' });
});

test("an enhanced multi-frame series scrolls a single-frame prior to the slice nearest each frame's own position", async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  // The prior: slices at 2.5, 5, 7.5, 10 and 12.5 mm; the multi-frame object's frames at 3, 7.6 and 12.4 mm.
  await appPage.openFiles([
    ...[1, 2, 3, 4, 5].map((n) => dicomFile(`prior${n}.dcm`, ctSlice(n))),
    dicomFile('enhanced-series.dcm', enhancedCt([3, 7.6, 12.4])),
  ]);
  await expect(viewer.studyEntries).toHaveCount(2);
  await viewer.waitReady();
  await page
    .getByRole('group', { name: 'Viewport layout' })
    .getByRole('button', { name: '1×2' })
    .click();
  const left = page.getByTestId('viewport-1');
  const right = page.getByTestId('viewport-2');
  await viewer.studyEntries.filter({ hasText: 'Enhanced test series' }).dragTo(right);
  await expect(right.getByTestId('dicom-viewport')).toHaveAttribute(
    'aria-label',
    /Enhanced test series/,
  );
  await expect(page.locator('.viewer-cell .dicom-viewer[data-state="ready"]')).toHaveCount(2);
  await right.getByTestId('dicom-viewport').focus();
  for (const [frame, prior] of [
    [1, 2],
    [2, 4],
  ]) {
    await page.keyboard.press('ArrowDown');
    await expect(right.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', String(frame));
    await expect(left.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', String(prior));
  }
  await page.keyboard.press('Home');
  await expect(left.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '0');
  // And back: the prior's last slice (12.5 mm) brings the multi-frame series to its frame at 12.4 mm,
  // its first (2.5 mm) to the frame at 3 mm.
  await left.getByTestId('dicom-viewport').focus();
  await page.keyboard.press('End');
  await expect(left.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '4');
  await expect(right.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '2');
  await page.keyboard.press('Home');
  await expect(right.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '0');
});

test('the viewer, its menus, layouts, SR and ECG views have no serious accessibility violations in either theme', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  await appPage.openFiles([
    ...[1, 2, 3].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))),
    dicomFile('report.dcm', Buffer.from(makeTestSr())),
    dicomFile('ecg.dcm', Buffer.from(makeTestEcg())),
    dicomFile('jpegxl.dcm', jpegXlSlice()),
  ]);
  await viewer.waitReady();
  await page.getByRole('button', { name: 'Send to model' }).click();
  const { width, height } = await viewer.size();
  await viewer.tool('Length');
  await viewer.drag({ x: width / 2 - 60, y: height / 2 }, { x: width / 2 + 60, y: height / 2 });
  await expect(viewer.root).toHaveAttribute('data-measurements-done', '1');
  for (const theme of ['light', 'dark']) {
    await page.getByRole('button', { name: 'More ▾' }).click();
    expect(await serious(), theme).toEqual([]);
    await page.keyboard.press('Escape');
    await page
      .getByRole('group', { name: 'Viewport layout' })
      .getByRole('button', { name: '2×2' })
      .click();
    expect(await serious(), theme).toEqual([]);
    await page
      .getByRole('group', { name: 'Viewport layout' })
      .getByRole('button', { name: '1×1' })
      .click();
    for (const name of ['report.dcm', 'ecg.dcm', 'jpegxl.dcm']) {
      await viewer.studyEntries.filter({ hasText: name }).click();
      expect(await serious(), `${theme} ${name}`).toEqual([]);
    }
    await viewer.studyEntries.first().click();
    await viewer.waitReady();
    await page.keyboard.press('Control+Shift+L');
  }
});

test("an enhanced multi-frame file scrolls with each frame's own window", async ({ appPage }) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([dicomFile('enhanced.dcm', enhancedCt())]);
  await viewer.waitReady();
  for (const [index, w] of ENHANCED_WINDOWS.entries()) {
    await expect(viewer.root).toHaveAttribute('data-frame-index', String(index));
    await expect(viewer.root).toHaveAttribute('data-window-center', String(w.center));
    await expect(viewer.root).toHaveAttribute('data-window-width', String(w.width));
    await viewer.viewport.focus();
    await page.keyboard.press('ArrowDown');
  }
  // A window the user chose stays while scrolling.
  await viewer.menu('Window', /^Lung/);
  await viewer.viewport.focus();
  await page.keyboard.press('ArrowUp');
  await expect(viewer.root).toHaveAttribute('data-frame-index', '1');
  await expect(viewer.root).toHaveAttribute('data-window-width', '1500');
  await expect(viewer.root).toHaveAttribute('data-window-center', '-600');
  await expect(page.getByTestId('viewer-warnings')).toHaveCount(0);
});

test('a file without its 128-byte preamble opens with its warning in view', async ({ appPage }) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([dicomFile('no-preamble.dcm', ctSlice(1).subarray(132))]);
  await viewer.waitReady();
  await expect(page.getByTestId('viewer-warnings')).toContainText('1 warning(s)');
  await page.getByTestId('viewer-warnings').locator('summary').click();
  await expect(page.getByTestId('viewer-warnings')).toContainText('no 128-byte preamble');
});

test('a JPEG 2000 slice is decoded in the codec worker and reads the same 40 HU as the uncompressed one', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  await appPage.openFiles([dicomFile('j2k.dcm', await ctSliceJ2k(1))]);
  await viewer.waitReady();
  // The wasm decode ran off the page's thread, under the app's CSP (worker-src 'self').
  expect(page.workers().map((worker) => worker.url())).toContainEqual(
    expect.stringMatching(/codecWorker-[\w-]+\.js$/),
  );
  const { width, height } = await viewer.size();
  await viewer.tool('Rect');
  await viewer.drag(
    { x: width / 2 - 30, y: height / 2 - 30 },
    { x: width / 2 + 30, y: height / 2 + 30 },
  );
  await expect.poll(() => viewer.number('last-measurement')).toBeCloseTo(40, 5);
});

test('the tag names load as their own chunk when the tag browser first opens, not with the app', async ({
  appPage,
}) => {
  const { page } = appPage;
  const viewer = new ViewerPage(page);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await appPage.openFiles([dicomFile('slice1.dcm', ctSlice(1))]);
  await viewer.waitReady();
  const names = (path: string) => /\/standardTags-[\w-]+\.js$/.test(path);
  expect(requested.filter(names)).toEqual([]);
  await viewer.menu('More', /^Tags/);
  await expect(viewer.tagDialog).toContainText('Image Position (Patient)');
  expect(requested.filter(names)).toHaveLength(1);
});
