import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestImage } from '../models/dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../models/dicom/testing/writeDicom';
import { smartResizedSize } from '../models/tinymodels/testing/expectedModelSize';
import { expect, test } from './fixtures';
import { ReasoningPage } from './pages/ReasoningPage';
import { ViewerPage } from './pages/ViewerPage';

// An odd-sized frame (133 columns × 91 rows) with a bright square where the
// finding is, in the frame's own pixels.
const W = 133;
const H = 91;
const FINDING = [80, 20, 110, 45] as const;

function frameWithFinding(): Buffer {
  const [x1, y1, x2, y2] = FINDING;
  const values = Array.from({ length: W * H }, (_, i) => {
    const x = i % W;
    const y = Math.floor(i / W);
    return x >= x1 && x < x2 && y >= y1 && y < y2 ? 240 : 20;
  });
  const image = makeTestImage({ rows: H, columns: W, bitsAllocated: 8, values, modality: 'CR' });
  return Buffer.from(
    writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: image.elements,
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    }),
  );
}

// The viewer will show the frame turned 90° clockwise after a horizontal flip
// (flips first, as cornerstone applies them): source (x, y) is shown at
// (H − y, W − x) in an H × W image, which is what the model sees. The scripted
// model draws the square there on Qwen2-VL's 0–1000 grid.
const shown = ([x1, y1, x2, y2]: readonly [number, number, number, number]) => [
  H - y2,
  W - x2,
  H - y1,
  W - x1,
];
const grid = shown(FINDING).map((v, i) => Math.round((v / (i % 2 ? W : H)) * 1000));
// Back to the source as the test works it out: grid → shown pixels → source.
const expected = (() => {
  const [a, b, c, d] = grid.map((v, i) => (v / 1000) * (i % 2 ? W : H));
  return [W - d!, H - c!, W - b!, H - a!];
})();

let workDir: string;
let modelDir: string;
test.beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'mmx-e2e-grounding-'));
  const text =
    '<think>\n' +
    `1. A bright <|object_ref_start|>opacity<|object_ref_end|><|box_start|>(${grid[0]},${grid[1]}),(${grid[2]},${grid[3]})<|box_end|> in the upper field.\n` +
    '2. Nothing else stands out.\n' +
    '</think>\n<answer>An opacity in the upper field.</answer>';
  writeFileSync(join(workDir, 'script.json'), JSON.stringify({ rules: [{ image: 'any', text }] }));
  modelDir = join(workDir, 'model');
  execFileSync(process.execPath, [
    'models/cli/bin.mjs',
    'model',
    'fixture',
    '--out',
    modelDir,
    '--kind',
    'scripted',
    '--script',
    join(workDir, 'script.json'),
  ]);
});
test.afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('a box the model drew lands on the finding of a rotated, flipped, zoomed view, linked to its step', async ({
  appPage,
}) => {
  const { page } = appPage;
  await page.setViewportSize({ width: 1440, height: 900 });
  const reasoning = new ReasoningPage(page);
  const viewer = new ViewerPage(page);
  await reasoning.importModel(modelDir);
  await reasoning.modelsDialog.getByRole('button', { name: 'Close models' }).click();

  await appPage.openFiles([
    { name: 'finding.dcm', mimeType: 'application/dicom', buffer: frameWithFinding() },
  ]);
  await viewer.waitReady();
  // Flip, turn, then zoom in: the model gets the flipped and turned frame, not the zoom.
  await viewer.viewport.focus();
  await page.keyboard.press('h');
  await page.keyboard.press('r');
  const before = await viewer.number('scale');
  await viewer.menu('More', /Zoom/);
  const { width, height } = await viewer.size();
  await viewer.drag({ x: width / 2, y: height / 2 }, { x: width / 2, y: height / 2 - 60 });
  await expect.poll(() => viewer.number('scale')).not.toBe(before);

  await reasoning.ask('Where is the opacity?');
  expect(await reasoning.waitForRunEnd()).toBe('done');
  // The frame turned a quarter: H × W sent, resized by the processor to what the model saw.
  const [seenWidth, seenHeight] = smartResizedSize(H, W);
  await expect(reasoning.received).toContainText(
    `<image 1> · ${H}×${W} · the model saw ${seenWidth}×${seenHeight}`,
  );
  const step = reasoning.steps.first();
  await expect(step.locator('.step-text')).toHaveText('A bright opacity in the upper field.');
  await expect(step).toContainText('1 finding on the image');

  // In the source frame's pixels, within a pixel of where the test put the square.
  const box = page.getByTestId('region-overlay').locator('g.region');
  await expect(box).toHaveCount(1);
  const drawn = (await box.getAttribute('data-region-box'))!.split(',').map(Number);
  drawn.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1));
  drawn.forEach((v, i) => expect(Math.abs(v - FINDING[i]!)).toBeLessThanOrEqual(1));

  // Hovering the step lights its box; clicking the box selects the step.
  await step.hover();
  await expect(box).toHaveClass(/lit/);
  await page.mouse.move(0, 0);
  await expect(box).not.toHaveClass(/lit/);
  await box.locator('rect').click();
  await expect(step).toHaveClass(/linked/);
  await expect(step).toHaveAttribute('aria-current', 'step');
  await expect(box).toHaveClass(/lit/);
  // From the keyboard: the step's findings button lights its boxes, and again puts them out.
  await page.mouse.move(0, 0);
  const toggle = step.getByRole('button', { name: '1 finding on the image' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(box).not.toHaveClass(/lit/);
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(box).toHaveClass(/lit/);
  // docs/screenshots/grounding-1440x900.png is a copy of this, refreshed by hand.
  await page.screenshot({ path: 'e2e/artifacts/screens/grounding-1440x900.png' });
  // The boxes are buttons a keyboard reaches, named by their finding and step.
  const serious = (await new AxeBuilder({ page }).include('#pane-viewer').analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious).toEqual([]);
  await expect(box).toHaveAccessibleName('Show step 1: opacity');
  // The app is shared with later spec files: leave the demo model active.
  await reasoning.useDemoModel();
});
