import { writeFileSync } from 'node:fs';
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

// Measurements whose labels would land on one another, one selected by a
// click on the image, and the frame sent to the model with them drawn in.
for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`measurements with labels apart and the frame sent with them at ${size.width}×${size.height}`, async ({
    appPage,
  }) => {
    const { page } = appPage;
    await page.setViewportSize(size);
    const reasoning = new ReasoningPage(page);
    await appPage.openFiles([1, 2, 3].map((n) => dicomFile(`slice${n}.dcm`, ctSlice(n))));
    const viewer = page.locator('.dicom-viewer');
    await page.locator('.dicom-viewer[data-state="ready"]').waitFor();
    const tools = page.getByRole('toolbar', { name: 'Viewer tools' });
    await tools.getByRole('button', { name: 'Length' }).click();
    const box = (await page.getByTestId('dicom-viewport').boundingBox())!;
    const at = (fx: number, fy: number) => ({
      x: box.x + box.width * fx,
      y: box.y + box.height * fy,
    });
    const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 8 });
      await page.mouse.up();
    };
    // Two lengths ending at one point: their labels ask for the same spot.
    await drag(at(0.3, 0.5), at(0.6, 0.5));
    await expect(viewer).toHaveAttribute('data-measurements-done', '1');
    await drag(at(0.45, 0.35), at(0.605, 0.505));
    await expect(viewer).toHaveAttribute('data-measurements-done', '2');
    await tools.getByRole('button', { name: 'Ellipse' }).click();
    await drag(at(0.42, 0.58), at(0.58, 0.7));
    await expect(viewer).toHaveAttribute('data-measurements-done', '3');
    await tools.getByRole('button', { name: 'W/L' }).click();
    const click = at(0.45, 0.5);
    await page.mouse.click(click.x, click.y);
    await expect(viewer).toHaveAttribute('data-measurement-selected', /\d+/);
    await page.getByRole('button', { name: 'Send to model' }).click();
    await expect(reasoning.attachments).toHaveCount(1);
    await page.screenshot({
      path: `e2e/artifacts/screens/measurements-${size.width}x${size.height}.png`,
    });
    const sent = await reasoning.attachments.first().locator('img').getAttribute('src');
    writeFileSync(
      `e2e/artifacts/screens/measurements-sent-${size.width}x${size.height}.png`,
      Buffer.from(sent!.replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
  });
}
