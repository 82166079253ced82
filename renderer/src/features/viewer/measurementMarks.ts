import type { Orientation } from '../../../../models/dicom/index';
import type { MeasurementMark } from './drawMeasurements';
import { shortMeasurement } from './formatMeasurement';
import type { MeasuredItem } from './measurementHistory';
import type { MeasurementShape } from './viewportController';
import { viewPoint } from './viewPoint';

/**
 * The measurements on the frame as marks for drawMeasurements in the image the
 * model gets: outlines moved by the view (viewPoint), labels numbered as the
 * measurement list numbers them ("2 12.3 mm"). Shapes of measurements the
 * list does not show (deleted) are left out.
 */
export function measurementMarks(
  shapes: ReadonlyArray<MeasurementShape & { id: number }>,
  listed: readonly MeasuredItem[],
  view: {
    source: { width: number; height: number };
    orientation: Orientation;
    target: { width: number; height: number };
  },
): MeasurementMark[] {
  return shapes.flatMap((shape) => {
    const at = listed.findIndex((m) => m.id === shape.id);
    const item = listed[at];
    if (!item) return [];
    return [
      {
        points: shape.points.map((p) => viewPoint(p, view.source, view.orientation, view.target)),
        closed: shape.closed,
        label: `${at + 1} ${shortMeasurement(item.measurement)}`,
      },
    ];
  });
}
