import type { DecodedFrame } from '../../../../models/dicom/index';
import type { Point } from './drawMeasurements';
import type { Measurement } from './formatMeasurement';

/** A measurement's outline in the image's pixels (continuous coordinates). */
export interface MeasurementShape {
  points: Point[];
  /** The last point joins the first (rectangle, ellipse). */
  closed: boolean;
}

/** What the viewer shows now; the adapter reports it after every render. */
export interface ViewportState {
  /** Position in the stack, 0-based. */
  index: number;
  count: number;
  imageId: string;
  windowCenter: number;
  windowWidth: number;
  /** The file's VOI LUT is shown (no window was set yet); then the window fields do not apply. */
  voiLut: boolean;
  invert: boolean;
  /** Whether the image itself is MONOCHROME1 (shown inverted by default). */
  imageInverted: boolean;
  scale: number;
  rotation: number;
  hflip: boolean;
  vflip: boolean;
  /** Size of the image shown, in pixels. */
  width: number;
  height: number;
}

export type ViewerTool =
  'Wwwc' | 'Pan' | 'Zoom' | 'Length' | 'Angle' | 'RectangleRoi' | 'EllipticalRoi';

/**
 * The viewer's view of an image library: the React side talks only to this,
 * so cornerstone-core can be swapped for cornerstone3D behind it.
 */
export interface ViewportController {
  setTool(tool: ViewerTool): void;
  setWindow(center: number, width: number): void;
  /** The image's own window (file VOI, else its range). */
  defaultWindow(): { center: number; width: number } | undefined;
  /** The decoded frame on screen, as the image loader produced it. */
  displayedFrame(): DecodedFrame | undefined;
  /** Modality values of the displayed frame, for an automatic window. */
  modalityPixels(): { pixels: ArrayLike<number>; slope: number; intercept: number } | undefined;
  toggleInvert(): void;
  rotate(degrees: number): void;
  flip(axis: 'h' | 'v'): void;
  reset(): void;
  fit(): void;
  scrollTo(index: number): void;
  scrollBy(delta: number): void;
  playCine(framesPerSecond: number): void;
  stopCine(): void;
  clearMeasurements(): void;
  /** Takes one measurement off its image (kept, so it can be put back). */
  removeMeasurement(id: number): void;
  /** Puts a removed measurement back on its image. */
  restoreMeasurement(id: number): void;
  /** Highlights one measurement (or none) on the image. */
  selectMeasurement(id: number | undefined): void;
  /** The outlines of the measurements on the image shown, in its pixels, oldest first. */
  measurementShapes(): Array<MeasurementShape & { id: number }>;
  /**
   * Where a point of the image (its pixels, continuous: (0, 0) is the
   * top-left corner) is on screen now, in CSS pixels from the viewport
   * element's top-left; undefined before an image is shown.
   */
  pixelToScreen(x: number, y: number): [number, number] | undefined;
  dispose(): void;
}

export interface ViewportCallbacks {
  onState(state: ViewportState): void;
  /**
   * A measurement's values; the same id again means the same measurement was
   * edited. `final` once the gesture that drew it has ended.
   */
  onMeasurement(measurement: Measurement, id: number, final: boolean): void;
  onError(message: string): void;
  /** A click on the image hit this measurement (undefined: none). */
  onSelect(id: number | undefined): void;
}
