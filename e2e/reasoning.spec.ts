import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { solidPng } from './testImages';

const dark = () => ({ name: 'dark.png', mimeType: 'image/png', buffer: solidPng(64, 64, 20) });

let workDir: string;
let longModelDir: string;
const LONG_STEPS = 400;

test.beforeAll(() => {
  // A scripted model with a long answer, so a run can be stopped mid-stream.
  workDir = mkdtempSync(join(tmpdir(), 'mmx-e2e-models-'));
  const steps = Array.from(
    { length: LONG_STEPS },
    (_, i) => `${i + 1}. Step ${i + 1}: look again.`,
  );
  const script = {
    rules: [
      { image: 'any', text: `<think>\n${steps.join('\n')}\n</think>\n<answer>long</answer>` },
    ],
  };
  writeFileSync(join(workDir, 'script.json'), JSON.stringify(script));
  longModelDir = join(workDir, 'long-model');
  execFileSync(process.execPath, [
    'models/cli/bin.mjs',
    'model',
    'fixture',
    '--out',
    longModelDir,
    '--kind',
    'scripted',
    '--script',
    join(workDir, 'script.json'),
  ]);
});

test.afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('first run creates the demo model and labels it as a demo', async ({ appPage }) => {
  const reasoning = new ReasoningPage(appPage.page);
  // The app is shared across spec files: an earlier one may have made its own
  // scripted (demo) model active, which must be labelled a demo just the same.
  await expect(reasoning.activeModel).toContainText('Demo — not a medical model');
  await expect(reasoning.activeModel).toHaveClass(/demo/);
  await reasoning.useDemoModel();
  await expect(reasoning.activeModel).toHaveText('Demo — not a medical model');
});

test('asking about an image streams steps with citations and the answer', async ({ appPage }) => {
  const reasoning = new ReasoningPage(appPage.page);
  await reasoning.useDemoModel();
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  // When the run ends, focus moves to its answer.
  await expect(reasoning.answer).toBeFocused();
  await expect(reasoning.steps).toHaveCount(3);
  await expect(reasoning.steps.first()).toContainText('This is a demo model');
  await expect(reasoning.steps.nth(1)).toContainText('the image is mostly dark');
  await expect(reasoning.answer).toContainText('Demo answer only: no diagnosis was made.');
  await expect(appPage.page.locator('.run-meta')).toContainText('Demo model — not medical advice');

  // The citation the model wrote opens the passage with its source.
  await reasoning.steps.nth(2).getByRole('button', { name: 'fleischner-2017#solid-6-8mm' }).click();
  await expect(reasoning.drawer.getByTestId('passage-text')).toContainText(
    'solid nodule of 6 to 8 mm',
  );
  await expect(reasoning.drawer).toContainText('Fleischner Society');
  const source = reasoning.drawer.getByRole('link', { name: /Open the source/ });
  await expect(source).toHaveAttribute('target', '_blank');
  await expect(source).toHaveAttribute('href', /^https:\/\//);
  await appPage.page.locator('.run').screenshot({ path: 'e2e/artifacts/reasoning-run.png' });
  await appPage.page.screenshot({ path: 'e2e/artifacts/citation-drawer.png' });
  await reasoning.drawer.getByRole('button', { name: 'Close passage' }).click();
  await expect(reasoning.drawer).toBeHidden();
  // The whole session, model included, stayed on this machine.
  const offMachine = appPage.requests.filter(
    (url) => !/^(blob:|data:)/.test(url) && !url.startsWith(appPage.app.url),
  );
  expect(offMachine).toEqual([]);
});

test('all four perspectives give tabs and a consensus', async ({ appPage }) => {
  const reasoning = new ReasoningPage(appPage.page);
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.perspective.selectOption('all');
  await reasoning.ask('What is the finding?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  const tabs = appPage.page.getByRole('tab');
  // Each tab shows its progress; all are done.
  await expect(tabs).toHaveText(['Differential ✓', 'Intuitive ✓', 'Analytical ✓', 'Bayesian ✓']);
  // The consensus comes first, before the tabs, and has the focus.
  await expect(appPage.page.locator('.run-outcome')).toBeFocused();
  const consensusBox = (await appPage.page.locator('.consensus').boundingBox())!;
  const tabsBox = (await appPage.page.getByRole('tablist').boundingBox())!;
  expect(consensusBox.y).toBeLessThan(tabsBox.y);
  await tabs.nth(3).click();
  await expect(tabs.nth(3)).toHaveAttribute('aria-selected', 'true');
  // Arrow keys move between perspectives, wrapping around.
  await appPage.page.keyboard.press('ArrowRight');
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(0)).toBeFocused();
  await appPage.page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(3)).toHaveAttribute('aria-selected', 'true');
  await expect(reasoning.steps).toHaveCount(3);
  await expect(appPage.page.locator('.consensus')).toContainText('100 % agreement (unanimous)');
});

test('a long run can be stopped and the case exported', async ({ appPage }) => {
  const reasoning = new ReasoningPage(appPage.page);
  // A missing folder says so.
  await appPage.page.getByRole('button', { name: 'Models…' }).click();
  const folder = reasoning.modelsDialog.getByLabel('Folder on this computer');
  await folder.fill(join(workDir, 'no-such-model'));
  await reasoning.modelsDialog.getByRole('button', { name: 'Verify' }).click();
  await expect(reasoning.modelsDialog.locator('.verify.bad')).toContainText('does not exist');
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();

  await reasoning.importModel(longModelDir);
  await expect(reasoning.modelsDialog.getByRole('radio', { name: /Use long-model/ })).toBeChecked();
  // A successful import says so and clears the form.
  await expect(reasoning.modelsDialog.getByTestId('import-notice')).toHaveText(
    'Imported “long-model”; it is now the active model.',
  );
  await expect(folder).toHaveValue('');
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();
  await expect(reasoning.activeModel).toHaveText('long-model (Demo — not a medical model)');

  await appPage.page.getByLabel('Max length').selectOption('4096');
  await reasoning.ask('Count the steps.');
  await expect(reasoning.steps.nth(2)).toBeVisible();
  await reasoning.stopButton.click();
  expect(await reasoning.waitForRunEnd()).toBe('cancelled');
  const shown = await reasoning.steps.count();
  expect(shown).toBeGreaterThanOrEqual(3);
  expect(shown).toBeLessThan(LONG_STEPS);

  const download = appPage.page.waitForEvent('download');
  await appPage.page.getByRole('button', { name: 'Export Markdown' }).click();
  const file = await (await download).path();
  const markdown = readFileSync(file, 'utf8');
  expect(markdown).toContain('# Case: Count the steps.');
  expect(markdown).toContain('1. Step 1: look again.');
  expect(markdown).toContain('> Decision support and education, not a diagnosis.');

  // Esc stops a running answer too, wherever the focus is outside a dialog.
  await reasoning.ask('Count the steps again.');
  await expect(reasoning.steps.nth(2)).toBeVisible();
  await appPage.page.keyboard.press('Control+1');
  await appPage.page.keyboard.press('Escape');
  expect(await reasoning.waitForRunEnd()).toBe('cancelled');
  expect(await reasoning.steps.count()).toBeLessThan(LONG_STEPS);
  // No answer came: the focus goes to the run itself.
  await expect(reasoning.run).toBeFocused();

  // Back to the demo for the other tests of this worker.
  await appPage.page.getByRole('button', { name: 'Models…' }).click();
  await reasoning.modelsDialog.getByRole('radio', { name: /Use Demo/ }).click();
  await expect(reasoning.modelsDialog.getByRole('radio', { name: /Use Demo/ })).toBeChecked();
});

test('the Models dialog browses the home folder for a model folder instead of a typed path', async ({
  appPage,
}) => {
  const reasoning = new ReasoningPage(appPage.page);
  execFileSync(process.execPath, [
    'models/cli/bin.mjs',
    'model',
    'fixture',
    '--out',
    join(appPage.app.home, 'downloads', 'my-model'),
    '--kind',
    'scripted',
    '--script',
    join(workDir, 'script.json'),
  ]);
  await appPage.page.getByRole('button', { name: 'Models…' }).click();
  await reasoning.modelsDialog.getByRole('button', { name: 'Browse…' }).click();
  const browser = reasoning.modelsDialog.getByRole('group', { name: 'Choose a folder' });
  await browser.getByRole('button', { name: 'downloads/' }).click();
  await browser.getByRole('button', { name: 'my-model/' }).click();
  await expect(browser.getByRole('button', { name: '↑ Up one folder' })).toBeVisible();
  await browser.getByRole('button', { name: 'Use this folder' }).click();
  const folder = reasoning.modelsDialog.getByLabel('Folder on this computer');
  await expect(folder).toHaveValue(/downloads\/my-model$/);
  await reasoning.modelsDialog.getByRole('button', { name: 'Verify' }).click();
  await expect(
    reasoning.modelsDialog.getByText('The folder follows the model contract.'),
  ).toBeVisible();
});

test('"What the model received" shows the exact prompt, the image at its size and the parameters', async ({
  appPage,
}) => {
  const reasoning = new ReasoningPage(appPage.page);
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  // The run shows the image it was about.
  await expect(
    reasoning.run.getByRole('list', { name: 'Images this run was about' }).getByRole('img'),
  ).toHaveCount(1);
  await reasoning.received.getByText('What the model received').click();
  const system = reasoning.received.locator('pre[data-role="system"]');
  const user = reasoning.received.locator('pre[data-role="user"]');
  await expect(system).toContainText('<think>');
  await expect(user).toContainText('Reasoning perspective: Systematic analysis');
  await expect(user).toContainText('<image 1>');
  await expect(user).toContainText('Is there a pulmonary nodule that needs follow-up?');
  const image = reasoning.received.getByRole('img', { name: /Image 1 as the model received it/ });
  await expect(image).toHaveAttribute('alt', /64×64 pixels/);
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expect(reasoning.received).toContainText('greedy decoding');
  await expect(reasoning.received).toContainText('at most 1024 new tokens');
  await expect(reasoning.received).toContainText('Demo — not a medical model');
  // The context meter: the prompt and the answer against the model's context length.
  await expect(appPage.page.getByTestId('token-meter')).toContainText(
    /Context: prompt [\d,]+ \+ answer [\d,]+ of 32,768 tokens/,
  );
  expect(
    Number(await appPage.page.getByTestId('token-meter').locator('meter').getAttribute('value')),
  ).toBeGreaterThan(0);
});

test('the context meter estimates the prompt against the context length while the question is written', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  const meter = page.getByTestId('prompt-meter');
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.question.fill('');
  const read = async () => {
    const text = (await meter.textContent()) ?? '';
    const match = /Context ≈ ([\d,]+) \+ ([\d,]+) of ([\d,]+) tokens/.exec(text);
    expect(match, text).not.toBeNull();
    const number = (i: number) => Number(match![i]!.replace(/,/g, ''));
    return {
      total: number(1),
      answer: number(2),
      context: number(3),
      text: Number(await meter.getAttribute('data-text-tokens')),
      images: Number(await meter.getAttribute('data-image-tokens')),
    };
  };
  // The frame shown goes with Ask: a 64 × 64 image is 2 × 2 blocks of 28 pixels, plus its two frame tokens.
  await expect(meter).toHaveAttribute('data-image-tokens', '6');
  // Once the model list has come, the estimate is shown against the demo model's context length.
  await expect(meter).toContainText('of 32,768 tokens');
  const empty = await read();
  expect(empty).toMatchObject({ images: 6, context: 32768 });
  expect(empty.total).toBe(empty.text + empty.images);
  expect(empty.text).toBeGreaterThan(100);
  // Typing grows the text part, about one token per 3.5 characters.
  await reasoning.question.fill('Is there a pulmonary nodule that needs follow-up? '.repeat(40));
  await expect.poll(async () => (await read()).text).toBeGreaterThan(empty.text + 500);
  const typed = await read();
  expect(typed.text - empty.text).toBeLessThan(700);
  await page.getByLabel('Max length').selectOption('4096');
  await expect.poll(async () => (await read()).answer).toBe(4096);
  const value = Number(await meter.locator('meter').getAttribute('value'));
  expect(value).toBe(typed.total + 4096);
  expect(
    (await new AxeBuilder({ page }).include('[data-testid="prompt-meter"]').analyze()).violations,
  ).toEqual([]);
});

test('at 1280×720 the answer and the first steps of a run are visible without scrolling', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is there a pulmonary nodule that needs follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(reasoning.answer).toBeInViewport({ ratio: 1 });
  await expect(reasoning.steps.first()).toBeInViewport({ ratio: 1 });
  await expect(reasoning.steps.nth(1)).toBeInViewport({ ratio: 1 });
  expect(await page.locator('#pane-reasoning .pane-body').evaluate((e) => e.scrollTop)).toBe(0);
  await page.screenshot({ path: 'e2e/artifacts/reasoning-1280x720.png' });
});

test('the reasoning panel has no serious accessibility violations', async ({ appPage }) => {
  const reasoning = new ReasoningPage(appPage.page);
  await appPage.openFiles([dark()]);
  await appPage.waitForViewer('ready');
  await reasoning.ask('Is there a nodule?');
  await reasoning.waitForRunEnd();
  const serious = async () => {
    const results = await new AxeBuilder({ page: appPage.page }).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  };
  expect(await serious()).toEqual([]);
  // The dialogs too, in the dark theme.
  await appPage.page.keyboard.press('Control+Shift+L');
  expect(await serious()).toEqual([]);
  await appPage.page.getByRole('button', { name: 'Models…' }).click();
  await expect(reasoning.modelsDialog).toBeVisible();
  // The model contract opens in place, from the bundled docs/MODEL-CONTRACT.md.
  await reasoning.modelsDialog.getByText('Model folder contract (docs/MODEL-CONTRACT.md)').click();
  await expect(
    reasoning.modelsDialog.getByRole('region', { name: 'Model folder contract' }),
  ).toContainText('## Sessions and tensors');
  expect(await serious()).toEqual([]);
  await appPage.page.keyboard.press('Escape');
  await appPage.page.getByRole('button', { name: 'Guidelines…' }).click();
  await expect(appPage.page.getByRole('dialog', { name: 'Guidelines' })).toBeVisible();
  expect(await serious()).toEqual([]);
});

test('the guideline library lists the packs and finds a passage to open', async ({ appPage }) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await page.getByRole('button', { name: 'Guidelines…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Guidelines' });
  await expect(dialog.locator('details.pack')).toHaveCount(4);
  await expect(dialog).toContainText('cited by name only (licensed text)');
  await dialog.getByLabel('Search passages').fill('Bosniak IIF follow-up');
  await dialog.getByRole('button', { name: 'Search' }).click();
  const hits = dialog.getByRole('list', { name: 'Matching passages' }).getByRole('listitem');
  await expect(hits.first()).toContainText('bosniak-2019#');
  await hits.first().getByRole('button').click();
  await expect(reasoning.drawer.getByTestId('passage-text')).toContainText(/IIF/);
  await expect(reasoning.drawer).toContainText('Bosniak');
});

test('a calculator page in the guideline library computes Lung-RADS and opens its passage', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await page.getByRole('button', { name: 'Guidelines…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Guidelines' });
  await dialog.locator('details.calculators > summary').click();
  const calculator = dialog.getByRole('region', { name: 'Guideline calculator' });
  await calculator.getByLabel('Calculator').selectOption('lung-rads');
  await calculator.getByLabel('finding').selectOption('solid');
  await calculator.getByLabel('scan').selectOption('baseline');
  await expect(calculator.getByTestId('calculator-needs')).toContainText('mean diameter');
  await calculator.getByLabel('mean diameter (mm)').fill('15');
  const result = calculator.getByTestId('calculator-result');
  await expect(result).toContainText('Lung-RADS 4B');
  await calculator.screenshot({ path: 'e2e/artifacts/calculator-lung-rads.png' });
  await result.getByRole('button', { name: '[lung-rads-2022#category-4b]' }).click();
  await expect(reasoning.drawer.getByTestId('passage-text')).toContainText('15 mm or more');
});

/** A scripted model folder whose answer to any image is `text` (`logitBias`: known logits, see script.ts). */
function scriptedModel(name: string, text: string, logitBias?: Record<string, number>): string {
  writeFileSync(
    join(workDir, `${name}.json`),
    JSON.stringify({ rules: [{ image: 'any', text }], ...(logitBias && { logitBias }) }),
  );
  const dir = join(workDir, name);
  execFileSync(process.execPath, [
    'models/cli/bin.mjs',
    'model',
    'fixture',
    '--out',
    dir,
    '--kind',
    'scripted',
    '--script',
    join(workDir, `${name}.json`),
  ]);
  return dir;
}

async function useModel(reasoning: ReasoningPage, dir: string): Promise<void> {
  await reasoning.importModel(dir);
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();
}

async function backToDemo(reasoning: ReasoningPage): Promise<void> {
  await reasoning.page.getByRole('button', { name: 'Models…' }).click();
  await reasoning.modelsDialog.getByRole('radio', { name: /Use Demo/ }).click();
  await expect(reasoning.modelsDialog.getByRole('radio', { name: /Use Demo/ })).toBeChecked();
}

async function download(reasoning: ReasoningPage, button: string): Promise<string> {
  const event = reasoning.page.waitForEvent('download');
  await reasoning.page.getByRole('button', { name: button }).click();
  return readFileSync(await (await event).path(), 'utf8');
}

test('an answer that contradicts Fleischner 2017 is flagged in the Guideline check, on screen and in the export', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await useModel(
    reasoning,
    scriptedModel(
      'contradicting-model',
      '<think>\n1. There is a single solid nodule of 7 mm in the right upper lobe.\n' +
        '2. The patient has never smoked, so the risk is low.\n</think>\n' +
        '<answer>Recommend CT at 3 months.</answer>',
    ),
  );
  await reasoning.ask('How should this lung nodule be followed up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  const card = page.getByTestId('guideline-check');
  await expect(card).toContainText('CT at 6–12 months');
  await expect(card.getByTestId('contradiction')).toHaveText(
    '⚠ The model recommends CT at 3 months; Fleischner 2017 for a single 7 mm solid nodule in a low-risk adult gives CT at 6–12 months, then consider CT at 18–24 months.',
  );
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `e2e/artifacts/guideline-check-${width}x${height}.png` });
  }
  // A corrected input recomputes the check: a high-risk patient.
  await card.getByLabel('patient risk').selectOption('high');
  await expect(card.getByTestId('contradiction')).toContainText(
    'high-risk adult gives CT at 6–12 months',
  );

  const markdown = await download(reasoning, 'Export Markdown');
  expect(markdown).toContain(
    '**Contradiction:** The model recommends CT at 3 months; Fleischner 2017',
  );
  const json = JSON.parse(await download(reasoning, 'Export JSON')) as {
    perspectives: {
      guidelineChecks: { contradiction: string | null; inputs: { risk?: string } }[];
    }[];
  };
  expect(json.perspectives[0]!.guidelineChecks[0]).toMatchObject({ inputs: { risk: 'high' } });
  expect(json.perspectives[0]!.guidelineChecks[0]!.contradiction).toMatch(
    /^The model recommends CT at 3 months/,
  );
  await backToDemo(reasoning);
});

test('a TR level that contradicts ACR TI-RADS is flagged, and a missing feature is asked for', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await useModel(
    reasoning,
    scriptedModel(
      'thyroid-model',
      '<think>\n1. Thyroid ultrasound shows a solid hypoechoic nodule of 12 mm.\n' +
        '2. It is wider-than-tall with smooth margins.\n</think>\n' +
        '<answer>TR5, FNA.</answer>',
    ),
  );
  await reasoning.ask('How should this thyroid nodule be managed?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  const card = page.getByTestId('guideline-check');
  await expect(card).toContainText('ACR TI-RADS 2017');
  await expect(card).toContainText('The table needs the echogenic foci');
  await card.screenshot({ path: 'e2e/artifacts/guideline-check-ti-rads.png' });
  await card.getByLabel('none', { exact: true }).check();
  await expect(card.getByTestId('contradiction')).toHaveText(
    '⚠ The model gives TR5; ACR TI-RADS for these features gives TR4, 1.2 cm: ultrasound follow-up at 1, 2, 3 and 5 years (FNA from 1.5 cm).',
  );
  await backToDemo(reasoning);
});

test('a liver observation gets the LI-RADS check: the population is asked for, then the LR category is checked', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await useModel(
    reasoning,
    scriptedModel(
      'liver-model',
      '<think>\n1. Multiphase MRI of the liver: a 22 mm observation in segment VIII.\n' +
        '2. It shows nonrim arterial phase hyperenhancement and nonperipheral washout, without an enhancing capsule.\n</think>\n' +
        '<answer>LR-4, discuss at the tumour board.</answer>',
    ),
  );
  await reasoning.ask('How should this liver observation be categorised?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  const card = page.getByTestId('guideline-check');
  await expect(card).toContainText('LI-RADS v2018');
  await expect(card).toContainText('The table needs the high risk of HCC');
  await expect(card.getByTestId('contradiction')).toHaveCount(0);
  await card.getByLabel('high risk of HCC (cirrhosis, HBV, HCC)').selectOption('yes');
  await expect(card.getByTestId('contradiction')).toHaveText(
    /^⚠ The model gives LR-4; LI-RADS v2018 for these features gives LR-5: definitely HCC/,
  );
  await card.screenshot({ path: 'e2e/artifacts/guideline-check-li-rads.png' });
  await backToDemo(reasoning);
});

test('a multiple-choice answer shows the chosen option text, on screen and in the export', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  // The model answers with the bare letter: the panel must not show "(C) C".
  await useModel(
    reasoning,
    scriptedModel(
      'choice-model',
      '<think>\n1. Thin septa with minimal enhancement.\n</think>\n<answer>C</answer>',
    ),
  );
  await page.getByText('Answer options (multiple choice)').click();
  for (const [letter, text] of [
    ['A', 'Bosniak I'],
    ['B', 'Bosniak II'],
    ['C', 'Bosniak IIF'],
    ['D', 'Bosniak III'],
  ]) {
    await page.getByLabel(`Option ${letter}`).fill(text!);
  }
  await expect(page.getByText('Answer options (multiple choice) · 4 given')).toBeVisible();
  await reasoning.ask('Which Bosniak class is this renal cyst?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(reasoning.answer).toHaveText('AnswerC — Bosniak IIF');

  const markdown = await download(reasoning, 'Export Markdown');
  expect(markdown).toContain('**Answer:** C — Bosniak IIF');
  expect(markdown).toContain('- C: Bosniak IIF');
  const json = JSON.parse(await download(reasoning, 'Export JSON')) as {
    options: Record<string, string>;
    answerText: string | null;
    answer: { letter: string | null };
  };
  expect(json.options).toEqual({
    A: 'Bosniak I',
    B: 'Bosniak II',
    C: 'Bosniak IIF',
    D: 'Bosniak III',
  });
  expect(json.answer.letter).toBe('C');
  expect(json.answerText).toBe('Bosniak IIF');
  await backToDemo(reasoning);
});

test('a multiple-choice answer shows the confidence per option beside it and per perspective in the consensus, and exports it', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  // Known logits at the answer letter "C": 30 for C (scripted), the biases for A, B and D.
  const logits = { A: 27, B: 29, C: 30, D: 28 };
  await useModel(
    reasoning,
    scriptedModel(
      'confidence-model',
      '<think>\n1. Thin septa with minimal enhancement.\n</think>\n<answer>C</answer>',
      { A: logits.A, B: logits.B, D: logits.D },
    ),
  );
  const total = Object.values(logits).reduce((sum, v) => sum + Math.exp(v - 30), 0);
  const percent = (letter: keyof typeof logits) =>
    `${Math.round((Math.exp(logits[letter] - 30) / total) * 100)} %`;
  await page.getByText('Answer options (multiple choice)').click();
  for (const [letter, text] of [
    ['A', 'Bosniak I'],
    ['B', 'Bosniak II'],
    ['C', 'Bosniak IIF'],
    ['D', 'Bosniak III'],
  ]) {
    await page.getByLabel(`Option ${letter}`).fill(text!);
  }
  await reasoning.perspective.selectOption('all');
  await reasoning.ask('Which Bosniak class is this renal cyst?');
  expect(await reasoning.waitForRunEnd()).toBe('done');

  const consensus = page.locator('.consensus');
  await expect(
    consensus.getByRole('heading', { name: 'Confidence per perspective' }),
  ).toBeVisible();
  const rows = consensus.locator('.consensus-confidence-row');
  await expect(rows).toHaveCount(4);
  const line = `C ${percent('C')} · B ${percent('B')} · D ${percent('D')} · A ${percent('A')}`;
  for (const row of await rows.all())
    await expect(row.locator('.confidence-line')).toHaveText(line);
  // Beside the answer of the open perspective: one bar per option, in letter order.
  const bars = page.locator('#perspective-panel').getByRole('list', { name: 'Answer confidence' });
  await expect(bars.getByRole('listitem')).toHaveText(
    (['A', 'B', 'C', 'D'] as const).map((l) => `${l}${percent(l)}`),
  );
  await expect(bars.locator('li[data-answer]')).toHaveAttribute('data-letter', 'C');
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await bars.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `e2e/artifacts/answer-confidence-${width}x${height}.png` });
  }

  const markdown = await download(reasoning, 'Export Markdown');
  expect(markdown).toContain(`Confidence: ${line}`);
  const json = JSON.parse(await download(reasoning, 'Export JSON')) as {
    answerProbabilities: Record<string, number> | null;
    perspectives: { answerProbabilities: Record<string, number> | null }[];
  };
  expect(json.answerProbabilities!.C).toBeCloseTo(1 / total, 6);
  expect(json.perspectives.map((p) => p.answerProbabilities!.B)).toEqual(
    Array(4).fill(json.perspectives[0]!.answerProbabilities!.B),
  );
  await backToDemo(reasoning);
});

test('an invented citation is flagged unknown on screen and in the export; the drawer opens beside the step', async ({
  appPage,
}) => {
  const { page } = appPage;
  const reasoning = new ReasoningPage(page);
  await useModel(
    reasoning,
    scriptedModel(
      'invented-model',
      '<think>\n1. A solid pulmonary nodule of 7 mm [fleischner-2017#solid-6-8mm].\n' +
        '2. By the rule [fleischner-2017#seven-mm-rule] no follow-up is needed.\n' +
        '3. A solid nodule over 8 mm would instead need CT at 3 months, PET/CT or tissue sampling.\n</think>\n' +
        '<answer>CT at 6 to 12 months</answer>',
    ),
  );
  await reasoning.ask('Does this lung nodule need follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(reasoning.steps.nth(1).locator('.citation-unknown')).toHaveText(
    'unknown: fleischner-2017#seven-mm-rule',
  );

  // The routing line names the specialty in words; every reason is one click away.
  const routing = page.getByTestId('routing');
  await expect(routing.locator('.routing-line')).toContainText('Specialty: Adult medicine — ');
  await expect(routing.locator('.routing-line')).not.toContainText('adult-medicine');
  await routing.getByText('Why this specialty?').click();
  await expect(routing.getByRole('listitem').first()).toBeVisible();

  const markdown = await download(reasoning, 'Export Markdown');
  expect(markdown).toContain(
    'unknown citation: [fleischner-2017#seven-mm-rule] (not in any loaded guideline)',
  );
  expect(markdown).toMatch(/\[fleischner-2017#solid-6-8mm\] \(cited by the model, support \d+ %\)/);
  expect(markdown).toMatch(
    /Guidelines for management of incidental pulmonary nodules detected on CT images, version 2017/,
  );
  expect(markdown).toContain('<https://pubs.rsna.org/doi/10.1148/radiol.2017161659>');
  const json = JSON.parse(await download(reasoning, 'Export JSON')) as {
    perspectives: {
      steps: {
        unknownCitations: string[];
        noGuidelineSupport: boolean;
        citations: {
          source: string;
          score: number;
          confidence?: number;
          title?: string;
          version?: string;
          url?: string;
        }[];
      }[];
    }[];
  };
  const [first, second, third] = json.perspectives[0]!.steps;
  expect(second!.unknownCitations).toEqual(['fleischner-2017#seven-mm-rule']);
  expect(typeof second!.noGuidelineSupport).toBe('boolean');
  expect(first!.citations[0]!.score).toBeGreaterThan(0.15);
  expect(first!.citations[0]).toMatchObject({
    source: 'model',
    version: '2017',
    url: 'https://pubs.rsna.org/doi/10.1148/radiol.2017161659',
  });
  expect(first!.citations[0]).not.toHaveProperty('confidence');
  // The linker's citation of step 3 was chosen by the judge and carries its probability.
  const judged = third!.citations.find((c) => c.source === 'linker');
  expect(judged?.confidence).toBeGreaterThan(0.5);
  expect(judged?.confidence).toBeLessThanOrEqual(1);
  expect(markdown).toMatch(/\(chosen by the linker, support \d+ %, judge \d+ %\)/);

  // The drawer: score and who chose the passage, beside the step, not over it.
  const step = reasoning.steps.first();
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await step.getByRole('button', { name: 'fleischner-2017#solid-6-8mm' }).click();
    await expect(reasoning.drawer.getByTestId('passage-text')).toBeVisible();
    await expect(reasoning.drawer.getByTestId('citation-support')).toHaveText(
      /^Support \d+ % · cited by the model$/,
    );
    await expect(reasoning.drawer).toContainText('Version2017 (2017)');
    await expect(reasoning.drawer.locator('.passage-edition')).toBeVisible();
    const drawerBox = (await reasoning.drawer.boundingBox())!;
    const stepBox = (await step.boundingBox())!;
    expect(drawerBox.x + drawerBox.width).toBeLessThanOrEqual(stepBox.x);
    expect(drawerBox.x).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: `e2e/artifacts/citation-drawer-${width}x${height}.png` });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help}`),
    ).toEqual([]);
    await reasoning.drawer.getByRole('button', { name: 'Close passage' }).click();
    await expect(reasoning.drawer).toBeHidden();
  }
  // A passage the judge chose shows its probability beside the support, both explained in words.
  await page.setViewportSize({ width: 1280, height: 720 });
  await reasoning.steps.nth(2).locator('.citation-chip.linker').first().click();
  const support = reasoning.drawer.getByTestId('citation-support');
  await expect(support).toHaveText(/^Support \d+ % · Judge \d+ % · chosen by the linker$/);
  await expect(reasoning.drawer.getByTestId('citation-support-hint')).toHaveText(
    /^Support: .+\. Judge: .+\.$/,
  );
  await expect(support).toHaveAttribute('aria-describedby', 'citation-support-hint');
  await page.screenshot({ path: 'e2e/artifacts/citation-drawer-judge-1280x720.png' });
  await reasoning.drawer.getByRole('button', { name: 'Close passage' }).click();
  await expect(reasoning.drawer).toBeHidden();

  // A manual specialty the study contradicts gets a visible note.
  await reasoning.specialty.selectOption('pediatrics');
  await reasoning.ask('Does this lung nodule need follow-up?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  await expect(routing.locator('.routing-line')).toContainText('Specialty: Pediatrics');
  await expect(routing.getByRole('note')).toBeVisible();
  await expect(routing.getByRole('note')).toContainText('Pediatrics');
  await page.getByTestId('run').screenshot({ path: 'e2e/artifacts/routing-note.png' });
  await reasoning.specialty.selectOption('auto');
  await backToDemo(reasoning);
});
