import type { Locator, Page } from '@playwright/test';

/** Page object for the PACS dialog: servers, study search, series, retrieval. */
export class PacsPage {
  readonly dialog: Locator;
  readonly studies: Locator;
  readonly series: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'PACS' });
    this.studies = this.dialog.getByRole('table', { name: 'Studies found' }).locator('tbody tr');
    this.series = this.dialog
      .getByRole('list', { name: 'Series of the study' })
      .getByRole('listitem');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'PACS…' }).click();
    await this.dialog.waitFor();
  }

  async addServer(name: string, url: string, { consent = false } = {}): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Add server…' }).click();
    const form = this.dialog.getByRole('form', { name: 'PACS server' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('DICOMweb URL', { exact: true }).fill(url);
    await form.getByRole('button', { name: 'Save server' }).click();
    if (consent) {
      await form.getByLabel(/Send searches, study images/).check();
      await form.getByRole('button', { name: 'Save server' }).click();
    }
    await form.waitFor({ state: 'detached' });
  }

  async search(filters: { patientId?: string; modality?: string }): Promise<void> {
    const form = this.dialog.getByRole('form', { name: 'Search the PACS' });
    if (filters.patientId)
      await form.getByLabel('Patient ID', { exact: true }).fill(filters.patientId);
    if (filters.modality) await form.getByLabel('Modality', { exact: true }).fill(filters.modality);
    await form.getByRole('button', { name: 'Search' }).click();
  }
}
