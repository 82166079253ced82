import { describe, expect, it } from 'vitest';
import { drawMeasurements, labelLayout, type MeasurementMark } from './drawMeasurements';
import { shortMeasurement, type Measurement } from './formatMeasurement';
import { canDraw } from './pixelFont';

const grey = (width: number, height: number) => ({
  name: 'frame',
  width,
  height,
  rgb: new Uint8Array(width * height * 3).fill(90),
});
const pixel = (image: { width: number; rgb: Uint8Array }, x: number, y: number) => {
  const at = (y * image.width + x) * 3;
  return [image.rgb[at], image.rgb[at + 1], image.rgb[at + 2]];
};
const YELLOW = [255, 221, 0];

describe('drawMeasurements', () => {
  it('draws a length into the pixels with its value beside it, leaving the given image alone', () => {
    const image = grey(200, 100);
    const mark: MeasurementMark = {
      points: [
        { x: 20, y: 50 },
        { x: 120, y: 50 },
      ],
      closed: false,
      label: '1 12.3 mm',
    };
    const drawn = drawMeasurements(image, [mark]);
    expect(pixel(image, 70, 50)).toEqual([90, 90, 90]);
    expect(pixel(drawn, 70, 50)).toEqual(YELLOW);
    // A black halo keeps the line legible on bright tissue.
    expect(pixel(drawn, 70, 49)).toEqual([0, 0, 0]);
    expect(pixel(drawn, 70, 47)).toEqual([90, 90, 90]);
    // The label sits right of the line's end: a dark box with yellow text in it.
    const [box] = labelLayout([mark], 200, 100).boxes;
    expect(box!.x).toBeGreaterThan(120);
    let lit = 0;
    for (let y = box!.y; y < box!.y + box!.height; y++)
      for (let x = box!.x; x < box!.x + box!.width; x++) {
        const [r, g, b] = pixel(drawn, x, y);
        if (r === 255) lit++;
        else expect([r, g, b]).toEqual([0, 0, 0]);
      }
    expect(lit).toBeGreaterThan(30);
  });

  it('gives the labels of two measurements ending at the same point boxes that do not overlap, with a leader line to the moved one', () => {
    const image = grey(300, 200);
    const marks: MeasurementMark[] = [
      {
        points: [
          { x: 40, y: 100 },
          { x: 150, y: 100 },
        ],
        closed: false,
        label: '1 55.0 mm',
      },
      {
        points: [
          { x: 150, y: 30 },
          { x: 150.5, y: 100 },
        ],
        closed: false,
        label: '2 35.5 mm',
      },
    ];
    const { wanted, boxes } = labelLayout(marks, 300, 200);
    const [a, b] = boxes;
    expect(wanted[0]!.y).toBe(wanted[1]!.y);
    const apart = a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y;
    expect(apart).toBe(true);
    const drawn = drawMeasurements(image, marks);
    // The second label moved off its point: a yellow leader runs from that point to its box.
    expect(b).not.toEqual(wanted[1]);
    const edgeY = b!.y < 100 ? b!.y + b!.height - 1 : b!.y;
    const mid = { x: Math.round((150.5 + b!.x) / 2), y: Math.round((100 + edgeY) / 2) };
    const near = [-1, 0, 1].flatMap((dy) =>
      [-1, 0, 1].map((dx) => pixel(drawn, mid.x + dx, mid.y + dy)),
    );
    expect(near).toContainEqual(YELLOW);
    expect(pixel(image, mid.x, mid.y)).toEqual([90, 90, 90]);
  });

  it('closes a rectangle and draws only inside the image', () => {
    const image = grey(64, 64);
    const drawn = drawMeasurements(image, [
      {
        points: [
          { x: 10, y: 10 },
          { x: 40, y: 10 },
          { x: 40, y: 30 },
          { x: 10, y: 30 },
        ],
        closed: true,
        label: '1 mean 40.1 HU',
      },
    ]);
    expect(pixel(drawn, 10, 20)).toEqual(YELLOW);
    expect(pixel(drawn, 25, 20)).toEqual([90, 90, 90]);
    expect(drawn.rgb).toHaveLength(64 * 64 * 3);
  });

  it('has a glyph for every character a measurement label uses', () => {
    const values: Measurement[] = [
      { tool: 'Length', length: 12.345, unit: 'mm' },
      { tool: 'Length', length: 40, unit: 'px' },
      { tool: 'Angle', degrees: 90 },
      {
        tool: 'EllipticalRoi',
        mean: -41.26,
        stdDev: 3,
        area: 7,
        unit: 'mm',
        valueUnit: 'HU',
      },
      { tool: 'RectangleRoi', mean: NaN, stdDev: 3, area: 7, unit: 'px', valueUnit: '' },
    ];
    for (const m of values)
      expect(canDraw(`12 ${shortMeasurement(m)}`), shortMeasurement(m)).toBe(true);
  });
});
