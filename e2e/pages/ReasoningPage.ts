import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the reasoning panel, the models dialog and the citation drawer. */
export class ReasoningPage {
  readonly question: Locator;
  readonly askButton: Locator;
  readonly stopButton: Locator;
  readonly perspective: Locator;
  readonly specialty: Locator;
  readonly steps: Locator;
  readonly answer: Locator;
  readonly run: Locator;
  readonly activeModel: Locator;
  readonly drawer: Locator;
  readonly modelsDialog: Locator;
  readonly attachments: Locator;
  readonly attachNotice: Locator;
  readonly imageHint: Locator;
  readonly received: Locator;

  constructor(readonly page: Page) {
    this.question = page.getByLabel('Question', { exact: true });
    this.askButton = page.getByRole('button', { name: 'Ask', exact: true });
    this.stopButton = page.getByRole('button', { name: 'Stop', exact: true });
    this.perspective = page.getByLabel('Perspective');
    this.specialty = page.locator('.ask-form').getByLabel('Specialty');
    this.steps = page.getByTestId('steps').locator('li.step');
    this.answer = page.getByTestId('answer');
    this.run = page.getByTestId('run');
    this.activeModel = page.getByTestId('active-model');
    this.drawer = page.locator('dialog.drawer');
    this.modelsDialog = page.getByRole('dialog', { name: 'Models' });
    this.attachments = page
      .getByRole('list', { name: 'Images sent with the question' })
      .getByRole('listitem');
    this.attachNotice = page.locator('.attach-notice');
    this.imageHint = page.getByTestId('image-hint');
    this.received = page.getByTestId('received');
  }

  async ask(question: string): Promise<void> {
    await this.question.fill(question);
    await this.askButton.click();
  }

  /** Waits for the run to end (done, cancelled or error) via its data-status. */
  async waitForRunEnd(): Promise<string> {
    await this.page.locator('[data-testid="run"]:not([data-status="running"])').waitFor();
    return (await this.run.getAttribute('data-status')) ?? '';
  }

  /** Makes the demo model active again (the app is shared across spec files, which import their own). */
  async useDemoModel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Models…' }).click();
    const radio = this.modelsDialog.getByRole('radio', {
      name: 'Use Demo — not a medical model',
      exact: true,
    });
    // A controlled radio: it turns checked once the back end has switched the model.
    if (!(await radio.isChecked())) await radio.click();
    await expect(radio).toBeChecked();
    await this.modelsDialog.getByRole('button', { name: 'Close models' }).click();
  }

  async importModel(path: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Models…' }).click();
    await this.modelsDialog.getByLabel('Folder on this computer').fill(path);
    await this.modelsDialog.getByRole('button', { name: 'Verify' }).click();
    await this.modelsDialog.getByText('The folder follows the model contract.').waitFor();
    await this.modelsDialog.getByRole('button', { name: 'Import' }).click();
  }
}
