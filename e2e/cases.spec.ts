import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { nodulePng } from './testImages';

const chest = () => ({ name: 'Doe^Jane.png', mimeType: 'image/png', buffer: nodulePng(256) });

let workDir: string;
let quizModel: string;

test.beforeAll(() => {
  // A scripted model that answers with a letter and cites a passage, for the quiz.
  workDir = mkdtempSync(join(tmpdir(), 'mmx-e2e-cases-'));
  const script = {
    rules: [
      {
        image: 'any',
        text: '<think>\n1. A round solid opacity of 7 mm [fleischner-2017#solid-6-8mm]\n2. Smooth margins, no calcification.\n3. Low-risk patient: follow-up CT.\n</think>\n<answer>B</answer>',
      },
    ],
  };
  writeFileSync(join(workDir, 'script.json'), JSON.stringify(script));
  quizModel = join(workDir, 'quiz-model');
  execFileSync(process.execPath, [
    'models/cli/bin.mjs',
    'model',
    'fixture',
    '--out',
    quizModel,
    '--kind',
    'scripted',
    '--script',
    join(workDir, 'script.json'),
  ]);
});
test.afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('a run is saved to a case that is back after a reload, with a follow-up thread', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await appPage.openFiles([chest()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  const panel = page.getByTestId('case-panel');
  await expect(panel.getByLabel('Case title')).toHaveValue(
    'Is there a pulmonary nodule that needs follow-up?',
  );
  // The open case is one line until its thread is unfolded.
  const thread = panel.getByRole('button', { name: /^\d+ runs?$/ });
  await expect(thread).toHaveAccessibleName('1 run');
  await expect(panel.getByTestId('case-runs')).toBeHidden();
  await thread.click();
  const runs = panel.getByTestId('case-runs').locator('li');
  await expect(runs).toHaveCount(1);
  await expect(runs.first().locator('img')).toHaveCount(1);

  await page.reload();
  await page.getByRole('heading', { name: 'MMedExpert Desktop' }).waitFor();
  await expect(panel.getByLabel('Case title')).toHaveValue(
    'Is there a pulmonary nodule that needs follow-up?',
  );
  await thread.click();
  await expect(runs).toHaveCount(1);
  await expect(runs.first()).toContainText('Demo answer only');
  // Its image is back in the viewer, under the case's name for it.
  await appPage.waitForViewer('ready');
  await expect(appPage.studyItems).toHaveCount(1);
  await expect(appPage.studyItems.first()).toContainText('image 1');

  await panel.getByLabel('Ask as a follow-up (the model gets this thread)').check();
  await reasoning.ask('And which guideline applies?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(runs).toHaveCount(2);
  await expect(runs.nth(1)).toContainText('follow-up');
  await expect(runs.nth(1)).toContainText('And which guideline applies?');

  await panel.getByLabel('Case title').fill('Nodule teaching case');
  await panel.getByLabel('Case title').press('Enter');
  await page.getByRole('button', { name: 'Cases…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cases' });
  await expect(dialog.getByTestId('case-list')).toContainText('Nodule teaching case');
  await dialog.getByLabel('Search cases').fill('guideline');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await expect(dialog.getByTestId('case-list').locator('tbody tr')).toHaveCount(1);
  await dialog.getByLabel('Search cases').fill('scaphoid');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await expect(dialog.getByText('No case matches.')).toBeVisible();
  await dialog.getByLabel('Search cases').fill('');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: 'e2e/artifacts/cases-view.png' });
  await dialog.getByRole('button', { name: 'Delete Nodule teaching case' }).click();
  await expect(dialog.getByText('No cases yet')).toBeVisible();
  await dialog.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByTestId('case-list')).toContainText('Nodule teaching case');
  await dialog.getByRole('button', { name: 'Close cases' }).click();
});

test('presentation mode reveals the steps by keyboard only, and the quiz scores the pick', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await reasoning.importModel(quizModel);
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();
  await appPage.openFiles([chest()]);
  await appPage.waitForViewer('ready');
  await page.getByText('Answer options (multiple choice)').click();
  await page.getByLabel('Option A').fill('Ground-glass nodule');
  await page.getByLabel('Option B').fill('Solid nodule');
  await page.getByLabel('Option C').fill('Calcified granuloma');
  // A new case for this question.
  const panel = page.getByTestId('case-panel');
  if (await panel.getByRole('button', { name: 'Close case' }).isVisible())
    await panel.getByRole('button', { name: 'Close case' }).click();
  await reasoning.ask('What kind of nodule is this?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await panel.getByRole('button', { name: /^\d+ runs?$/ }).click();
  const run = panel.getByTestId('case-runs').locator('li').last();

  // Presentation: opened and driven from the keyboard.
  await run.getByRole('button', { name: 'Present' }).focus();
  await page.keyboard.press('Enter');
  const teaching = page.getByTestId('teaching');
  await expect(teaching).toBeFocused();
  const steps = teaching.getByTestId('teaching-steps').locator('li');
  await expect(steps).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(steps).toHaveCount(1);
  await expect(steps.first()).toContainText('A round solid opacity of 7 mm');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(steps).toHaveCount(3);
  await page.keyboard.press('ArrowLeft');
  await expect(steps).toHaveCount(2);
  await expect(teaching.getByTestId('teaching-answer')).toHaveCount(0);
  await page.keyboard.press('a');
  await expect(teaching.getByTestId('teaching-answer')).toHaveText('Answer: B — Solid nodule');
  // A citation opens its passage over the view; Esc closes the passage, not the view.
  await teaching.getByRole('button', { name: /Single solid nodule 6 to 8 mm/ }).click();
  await expect(page.locator('dialog.drawer').getByTestId('passage-text')).toContainText(
    'solid nodule of 6 to 8 mm',
  );
  await page.keyboard.press('Escape');
  await expect(page.locator('dialog.drawer')).toBeHidden();
  await expect(teaching).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(steps).toHaveCount(3);
  // Nothing of the app's chrome: the view covers the whole window.
  const box = await teaching.boundingBox();
  expect(box).toMatchObject({
    x: 0,
    y: 0,
    width: page.viewportSize()!.width,
    height: page.viewportSize()!.height,
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'e2e/artifacts/presentation-mode.png' });
  await page.keyboard.press('Escape');
  await expect(teaching).toHaveCount(0);

  // Quiz: the options first, the pick, then the reasoning with the pick marked.
  await run.getByRole('button', { name: 'Quiz' }).click();
  await expect(teaching.getByTestId('teaching-steps').locator('li')).toHaveCount(0);
  await expect(teaching.getByRole('button', { name: /Solid nodule/ })).toBeVisible();
  await page.keyboard.press('c');
  await expect(teaching.getByRole('button', { name: /Calcified granuloma/ })).toHaveClass(/wrong/);
  await expect(teaching.getByRole('button', { name: /Solid nodule/ })).toHaveClass(/correct/);
  await expect(teaching.getByTestId('teaching-steps').locator('li')).toHaveCount(3);
  await expect(teaching.getByTestId('teaching-answer')).toContainText('your pick C is wrong');
  await expect(teaching.getByTestId('quiz-score')).toHaveText('Score: 0 of 1');
  await page.screenshot({ path: 'e2e/artifacts/quiz-mode.png' });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Quiz' }).last().click();
  await teaching.getByRole('button', { name: /Solid nodule/ }).click();
  await expect(teaching.getByTestId('quiz-score')).toHaveText('Score: 1 of 2');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Models…' }).click();
  await reasoning.modelsDialog.getByRole('radio', { name: /Use Demo/ }).click();
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();
});

test('a case exported from the app imports into a fresh MMX_HOME and back into the app', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  const panel = page.getByTestId('case-panel');
  await appPage.openFiles([chest()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is the nodule solid?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await panel.getByLabel('Case title').fill('Exported nodule case');
  await panel.getByLabel('Case title').press('Enter');
  await expect(panel.getByLabel('Case title')).toHaveValue('Exported nodule case');
  const title = await panel.getByLabel('Case title').inputValue();
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: /^\d+ runs?$/ }).click();
  await panel.getByRole('button', { name: 'Export case…' }).click();
  const bundle = await (await download).path();
  expect((await download).suggestedFilename()).toMatch(/\.mmxcase$/);

  const freshHome = mkdtempSync(join(tmpdir(), 'mmx-e2e-fresh-home-'));
  try {
    const env = { ...process.env, MMX_HOME: freshHome };
    const id = execFileSync(process.execPath, ['models/cli/bin.mjs', 'case', 'import', bundle], {
      env,
      encoding: 'utf8',
    }).trim();
    const shown = JSON.parse(
      execFileSync(process.execPath, ['models/cli/bin.mjs', 'case', 'show', id, '--json'], {
        env,
        encoding: 'utf8',
      }),
    ) as {
      title: string;
      runs: unknown[];
    };
    expect(shown.title).toBe(title);
    expect(shown.runs.length).toBeGreaterThan(0);
  } finally {
    rmSync(freshHome, { recursive: true, force: true });
  }

  // And back into this installation through the Cases dialog, as a new case.
  await page.getByRole('button', { name: 'Cases…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cases' });
  // Count once the list has loaded (it holds at least the case exported above).
  await expect(dialog.getByTestId('case-list').locator('tbody tr').first()).toBeVisible();
  const before = await dialog.getByTestId('case-list').locator('tbody tr').count();
  await dialog.getByTestId('case-import-input').setInputFiles(bundle);
  await expect(panel.getByLabel('Case title')).toHaveValue(title);
  await page.getByRole('button', { name: 'Cases…' }).click();
  await expect(dialog.getByTestId('case-list').locator('tbody tr')).toHaveCount(before + 1);
  await dialog.getByRole('button', { name: 'Close cases' }).click();
});
