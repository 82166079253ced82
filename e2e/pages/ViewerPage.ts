import type { Locator, Page } from '@playwright/test';

/** Page object for the DICOM viewer: reads its render signal from data attributes, never sleeps. */
export class ViewerPage {
  readonly root: Locator;
  readonly viewport: Locator;
  readonly pane: Locator;
  readonly tagDialog: Locator;
  readonly measurements: Locator;
  /** Rows of the studies list (series and single files). */
  readonly studyEntries: Locator;

  constructor(readonly page: Page) {
    this.pane = page.locator('#pane-viewer .pane-body');
    this.root = page.locator('.dicom-viewer');
    this.viewport = page.getByTestId('dicom-viewport');
    this.tagDialog = page.getByRole('dialog', { name: /DICOM tags/ });
    this.measurements = page.getByTestId('measurements');
    this.studyEntries = page.getByRole('listbox', { name: 'Opened images' }).getByRole('option');
  }

  async waitReady(): Promise<void> {
    await this.page.locator('.dicom-viewer[data-state="ready"]').waitFor();
  }

  async number(attribute: string): Promise<number> {
    return Number(await this.root.getAttribute(`data-${attribute}`));
  }

  /** Runs a command kept in one of the toolbar's menus ("Window", "More"). */
  async menu(menu: 'Window' | 'More', name: string | RegExp): Promise<void> {
    const toolbar = this.page.getByRole('toolbar', { name: 'Viewer tools' });
    await toolbar.getByRole('button', { name: `${menu} ▾` }).click();
    await toolbar.locator('.toolbar-menu-popup:visible').getByRole('button', { name }).click();
  }

  async tool(name: string): Promise<void> {
    await this.page
      .getByRole('toolbar', { name: 'Viewer tools' })
      .getByRole('button', { name, exact: true })
      .click();
  }

  /** Drags with the left button from one point to another, in viewport (canvas) pixels. */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    const box = (await this.viewport.boundingBox())!;
    await this.page.mouse.move(box.x + from.x, box.y + from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to.x, box.y + to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  async size(): Promise<{ width: number; height: number }> {
    const box = (await this.viewport.boundingBox())!;
    return { width: box.width, height: box.height };
  }
}
