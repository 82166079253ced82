import type { Locator, Page } from '@playwright/test';
import type { RunningApp } from '../fixtures';

/** Page object for the main window (OHIF style: tests speak in user terms). */
export class AppPage {
  readonly fileInput: Locator;
  readonly viewer: Locator;
  readonly studyItems: Locator;
  readonly statusBar: Locator;
  readonly notice: Locator;
  /** Every URL the page requested, to prove nothing left the machine. */
  readonly requests: string[] = [];

  constructor(
    readonly page: Page,
    readonly app: RunningApp,
  ) {
    this.fileInput = page.getByTestId('file-input');
    this.viewer = page.locator('#pane-viewer .pane-body');
    this.studyItems = page.getByRole('listbox', { name: 'Opened images' }).getByRole('option');
    this.statusBar = page.getByRole('status').first();
    this.notice = page.getByRole('note');
    page.on('request', (request) => this.requests.push(request.url()));
  }

  async open(): Promise<void> {
    await this.page.goto(this.app.launchUrl);
    await this.page.getByRole('heading', { name: 'MMedExpert Desktop' }).waitFor();
  }

  async openFiles(files: Array<{ name: string; mimeType: string; buffer: Buffer }>): Promise<void> {
    await this.fileInput.setInputFiles(files);
  }

  /** Waits for the viewer's render signal rather than sleeping. */
  async waitForViewer(state: 'ready' | 'error' | 'unsupported' = 'ready'): Promise<void> {
    await this.page.locator(`#pane-viewer [data-state="${state}"]`).waitFor();
  }
}
