import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { solidPng } from './testImages';

const grey = () => ({ name: 'grey.png', mimeType: 'image/png', buffer: solidPng(512, 384, 90) });

test('the ask form counts vision tokens per image by detail level and sends the sampling settings', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await appPage.openFiles([grey()]);
  await appPage.waitForViewer('ready');
  await page.getByRole('button', { name: 'Send to model' }).click();
  await expect(reasoning.attachments).toHaveCount(1);
  // The demo model's bounds (min 56², max 448²): 512×384 → 504×392 pixels → 18 × 14 tokens.
  await expect(reasoning.attachments.first()).toContainText('252 tok');
  await expect(page.locator('.ask-actions .hint')).toContainText('252 vision tokens');

  const settings = page.locator('details.generation-settings');
  await settings.locator('summary').click();
  await settings.getByLabel('Image detail').selectOption('low');
  await expect(reasoning.attachments.first()).toContainText('252 tok');
  await settings.getByLabel('Image detail').selectOption('high');
  // High lifts the floor to 512 tokens: 512×384 is enlarged to 756×560 pixels, 27 × 20 tokens.
  await expect(reasoning.attachments.first()).toContainText('540 tok');

  await settings.getByLabel('Temperature').fill('3');
  await expect(settings.getByRole('alert')).toHaveText(
    'Temperature is a number from 0 to 2 (0 is greedy).',
  );
  await reasoning.question.fill('Is there a nodule?');
  await expect(reasoning.askButton).toBeDisabled();
  await settings.getByLabel('Temperature').fill('0.8');
  await settings.getByLabel('Seed').fill('17');
  await expect(settings.locator('summary')).toContainText(
    'Sampling: temperature 0.8, seed 17 · high detail',
  );
  await page.screenshot({ path: 'e2e/artifacts/screens/ask-form-sampling-1280x720.png' });

  await reasoning.askButton.click();
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await reasoning.received.getByText('What the model received').click();
  await expect(reasoning.received).toContainText(
    'sampling (temperature 0.8, top-p 1, top-k 50, seed 17)',
  );
  await expect(reasoning.received).toContainText('high image detail');
  await expect(reasoning.received).toContainText('540 vision tokens');
});
