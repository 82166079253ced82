import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { ViewerPage } from './pages/ViewerPage';
import { ctSlice, dicomFile } from './testDicom';

/** Opens a toolbar's "More" menu and checks that it, cine speed included, lies within the toolbar's pane. */
async function expectMoreInside(toolbar: Locator): Promise<void> {
  await toolbar.getByRole('button', { name: 'More ▾' }).click();
  const popup = toolbar.locator('.toolbar-menu-popup:visible');
  const speed = popup.getByLabel('Cine speed');
  await expect(speed).toBeVisible();
  const pane = (await toolbar.boundingBox())!;
  for (const box of [(await popup.boundingBox())!, (await speed.boundingBox())!]) {
    expect(box.x).toBeGreaterThanOrEqual(pane.x);
    expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
  }
}

// The viewer's "More" menu sits near the right end of the toolbar: at the
// window sizes the app is checked at, in one viewport and in the right one
// of a 1×2 layout, it must open inside its pane, not run past the right edge.
for (const size of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`the More menu opens inside the viewer pane at ${size.width}×${size.height}`, async ({
    appPage,
  }) => {
    const { page } = appPage;
    await page.setViewportSize(size);
    const viewer = new ViewerPage(page);
    const second = {
      uid: '1.2.826.0.1.3680043.10.1.8',
      description: 'Second test series',
      number: 2,
    };
    await appPage.openFiles([
      ...[1, 2, 3].map((n) => dicomFile(`a${n}.dcm`, ctSlice(n))),
      ...[1, 2, 3].map((n) => dicomFile(`b${n}.dcm`, ctSlice(n, second))),
    ]);
    await viewer.waitReady();
    await expectMoreInside(page.getByRole('toolbar', { name: 'Viewer tools' }));
    await page.screenshot({
      path: `e2e/artifacts/screens/more-menu-${size.width}x${size.height}.png`,
    });
    await page.keyboard.press('Escape');
    await page
      .getByRole('group', { name: 'Viewport layout' })
      .getByRole('button', { name: '1×2' })
      .click();
    const right = page.getByTestId('viewport-2');
    await viewer.studyEntries.filter({ hasText: 'Second test series' }).dragTo(right);
    await expect(page.locator('.viewer-cell .dicom-viewer[data-state="ready"]')).toHaveCount(2);
    await expectMoreInside(right.getByRole('toolbar', { name: 'Viewer tools' }));
    await page.screenshot({
      path: `e2e/artifacts/screens/more-menu-1x2-${size.width}x${size.height}.png`,
    });
  });
}
