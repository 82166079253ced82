/**
 * A 5 × 7 pixel font for the characters of measurement labels, so labels can
 * be drawn into an image's RGB without a canvas (the same pixels in the
 * renderer, in tests and in any export). '#' marks a lit pixel.
 */
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  '-': ['.....', '.....', '.....', '.###.', '.....', '.....', '.....'],
  '—': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '°': ['.##..', '#..#.', '#..#.', '.##..', '.....', '.....', '.....'],
  m: ['.....', '.....', '##.#.', '#.#.#', '#.#.#', '#...#', '#...#'],
  p: ['.....', '.....', '####.', '#...#', '####.', '#....', '#....'],
  x: ['.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#'],
  e: ['.....', '.....', '.###.', '#...#', '#####', '#....', '.###.'],
  a: ['.....', '.....', '.###.', '....#', '.####', '#...#', '.####'],
  n: ['.....', '.....', '#.##.', '##..#', '#...#', '#...#', '#...#'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** One blank column between characters. */
const ADVANCE = GLYPH_WIDTH + 1;

/** Whether every character of `text` can be drawn. */
export const canDraw = (text: string) => [...text].every((c) => c in GLYPHS);

/** Width in pixels of `text` at `scale` (each font pixel a scale × scale square). */
export const textWidth = (text: string, scale: number) =>
  Math.max(0, [...text].length * ADVANCE - 1) * scale;

/**
 * Calls `plot(x, y)` for every lit pixel of `text` with its top-left at
 * (left, top); characters the font lacks are left blank.
 */
export function rasterText(
  text: string,
  left: number,
  top: number,
  scale: number,
  plot: (x: number, y: number) => void,
): void {
  [...text].forEach((c, i) => {
    const rows = GLYPHS[c];
    if (!rows) return;
    rows.forEach((row, gy) => {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (row[gx] !== '#') continue;
        for (let sy = 0; sy < scale; sy++)
          for (let sx = 0; sx < scale; sx++)
            plot(left + (i * ADVANCE + gx) * scale + sx, top + gy * scale + sy);
      }
    });
  });
}
