import type { Point } from '../drawMeasurements';
import type { MeasurementShape } from '../viewportController';

const ELLIPSE_SAMPLES = 64;

const handle = (handles: Record<string, unknown>, name: string): Point | undefined => {
  const h = handles[name];
  if (typeof h !== 'object' || h === null) return undefined;
  const { x, y } = h as { x?: unknown; y?: unknown };
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : undefined;
};

/**
 * The outline of a Length (its line), Angle (its two arms), RectangleRoi (its
 * four corners) or EllipticalRoi (sampled, inscribed in its handles' box), or
 * undefined for data without the handles the tool draws from.
 */
export function toolShape(
  toolName: string,
  data: Record<string, unknown>,
): MeasurementShape | undefined {
  const handles = data.handles;
  if (typeof handles !== 'object' || handles === null) return undefined;
  const h = handles as Record<string, unknown>;
  const start = handle(h, 'start');
  const end = handle(h, 'end');
  if (!start || !end) return undefined;
  if (toolName === 'Length') return { points: [start, end], closed: false };
  if (toolName === 'Angle') {
    const middle = handle(h, 'middle');
    return middle ? { points: [start, middle, end], closed: false } : undefined;
  }
  if (toolName === 'RectangleRoi')
    return {
      points: [start, { x: end.x, y: start.y }, end, { x: start.x, y: end.y }],
      closed: true,
    };
  if (toolName === 'EllipticalRoi') {
    const cx = (start.x + end.x) / 2;
    const cy = (start.y + end.y) / 2;
    const rx = Math.abs(end.x - start.x) / 2;
    const ry = Math.abs(end.y - start.y) / 2;
    const points = Array.from({ length: ELLIPSE_SAMPLES }, (_, i) => {
      const t = (2 * Math.PI * i) / ELLIPSE_SAMPLES;
      return { x: cx + rx * Math.cos(t), y: cy + ry * Math.sin(t) };
    });
    return { points, closed: true };
  }
  return undefined;
}
