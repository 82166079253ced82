import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { ctSlice, dicomFile } from './testDicom';

// The screens a radiologist and an educator meet, at the two window sizes the
// app is checked at, for a person to look at (the README shows them).
for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`a CT series with attachments and a consensus run at ${size.width}×${size.height}`, async ({
    appPage,
  }) => {
    const { page } = appPage;
    await page.setViewportSize(size);
    const reasoning = new ReasoningPage(page);
    await appPage.openFiles([1, 2, 3, 4, 5].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
    await page.locator('.dicom-viewer[data-state="ready"]').waitFor();
    const send = page.getByRole('button', { name: 'Send to model' });
    await send.click();
    await page.getByTestId('dicom-viewport').focus();
    await page.keyboard.press('ArrowDown');
    await send.click();
    await expect(reasoning.attachments).toHaveCount(2);
    // A length across the body, so the measurement list shows.
    await page
      .getByRole('toolbar', { name: 'Viewer tools' })
      .getByRole('button', { name: 'Length' })
      .click();
    const box = (await page.getByTestId('dicom-viewport').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator('.dicom-viewer')).toHaveAttribute('data-measurements-done', '1');
    // The toolbar fits one row at both sizes.
    const toolbar = page.getByRole('toolbar', { name: 'Viewer tools' });
    const buttons = await toolbar
      .locator(':scope > button')
      .evaluateAll((list) => list.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(buttons).size).toBe(1);
    await page.screenshot({
      path: `e2e/artifacts/screens/viewer-${size.width}x${size.height}.png`,
    });
    await reasoning.perspective.selectOption('all');
    await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
    expect(await reasoning.waitForRunEnd()).toBe('done');
    await page.screenshot({ path: `e2e/artifacts/screens/run-${size.width}x${size.height}.png` });
    await page.keyboard.press('Control+Shift+L');
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    await page.screenshot({
      path: `e2e/artifacts/screens/run-dark-${size.width}x${size.height}.png`,
    });
  });
}
