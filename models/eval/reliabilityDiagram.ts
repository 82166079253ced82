import type { Calibration } from './calibration';

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );

const WIDTH = 420;
const HEIGHT = 440;
const LEFT = 56;
const TOP = 40;
const SIZE = 320;
const f = (x: number) => x.toFixed(1);
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A reliability diagram as a standalone SVG, drawn by hand: one bar per
 * confidence bin at the bin's accuracy, the perfectly calibrated diagonal,
 * and each bin's question count above its bar. Empty bins have no bar.
 */
export function reliabilityDiagram(c: Calibration, title: string): string {
  return [
    `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    ...panel(c, title),
    '</svg>',
    '',
  ].join('\n');
}

/** Panels per row of reliabilityGrid, each drawn at half size. */
const COLUMNS = 4;

/**
 * Several reliability diagrams in one SVG (one per category value), each
 * panel the diagram above at half size, in rows of COLUMNS.
 */
export function reliabilityGrid(
  panels: readonly { title: string; calibration: Calibration }[],
  title: string,
): string {
  const w = WIDTH / 2;
  const h = HEIGHT / 2;
  const rows = Math.max(1, Math.ceil(panels.length / COLUMNS));
  const width = w * Math.min(COLUMNS, Math.max(1, panels.length));
  const height = 30 + rows * h;
  return [
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    ...panels.map(
      (p, i) =>
        `<svg x="${(i % COLUMNS) * w}" y="${30 + Math.floor(i / COLUMNS) * h}" width="${w}" height="${h}" viewBox="0 0 ${WIDTH} ${HEIGHT}">\n${panel(p.calibration, p.title).join('\n')}\n</svg>`,
    ),
    '</svg>',
    '',
  ].join('\n');
}

/** One diagram's elements, in a WIDTH × HEIGHT box. */
function panel(c: Calibration, title: string): string[] {
  const x = (v: number) => LEFT + v * SIZE;
  const y = (v: number) => TOP + (1 - v) * SIZE;
  const parts: string[] = [];
  parts.push(
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
    `<rect x="${LEFT}" y="${TOP}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#444444"/>`,
  );
  for (let i = 0; i <= 10; i += 2) {
    const v = i / 10;
    parts.push(
      `<text x="${f(x(v))}" y="${f(y(0) + 16)}" text-anchor="middle">${v.toFixed(1)}</text>`,
      `<text x="${f(x(0) - 6)}" y="${f(y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  for (const bin of c.bins) {
    if (bin.n === 0 || bin.accuracy === null) continue;
    const left = x(bin.low) + 1;
    const width = x(bin.high) - x(bin.low) - 2;
    parts.push(
      `<rect class="bin" x="${f(left)}" y="${f(y(bin.accuracy))}" width="${f(width)}" height="${f(y(0) - y(bin.accuracy))}" fill="#4a78b5"><title>${bin.low.toFixed(1)}–${bin.high.toFixed(1)}: ${bin.n} questions, accuracy ${(bin.accuracy * 100).toFixed(1)} %, mean confidence ${((bin.confidence ?? 0) * 100).toFixed(1)} %</title></rect>`,
      `<text x="${f(left + width / 2)}" y="${f(y(bin.accuracy) - 4)}" text-anchor="middle">${bin.n}</text>`,
    );
  }
  parts.push(
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    `<text x="${WIDTH / 2}" y="${f(y(0) + 34)}" text-anchor="middle">confidence (top option probability)</text>`,
    `<text transform="translate(16 ${f(y(0.5))}) rotate(-90)" text-anchor="middle">accuracy</text>`,
    `<text x="${WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle">${c.ece === null ? 'no answer with a confidence' : `ECE ${(c.ece * 100).toFixed(2)} % over ${c.n} questions, 10 bins`}</text>`,
  );
  return parts;
}
