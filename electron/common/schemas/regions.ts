// Findings the model drew on an image (issue #16 item 3): boxes and points,
// in the source image's pixels. Imports nothing but zod: part of the
// process-boundary contract (`mmx ask --json`, IPC, web mode, case store).
import { z } from 'zod';

/**
 * A 2-D affine map `[a, b, c, d, e, f]`: (x, y) → (a·x + b·y + c, d·x + e·y + f).
 * Coordinates are continuous pixel coordinates: (0, 0) is the top-left corner
 * of the top-left pixel, x grows to the right and y downwards, so pixel
 * (i, j) covers [i, i + 1) × [j, j + 1).
 */
export const affineSchema = z.tuple([
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
]);
export type Affine = z.infer<typeof affineSchema>;

/** A pixel size `[width, height]`. */
export const pixelSizeSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);
export type PixelSize = z.infer<typeof pixelSizeSchema>;

/**
 * One finding located by the model, mapped back to the source image: the
 * DICOM frame's columns and rows (or the ordinary image's pixels) before the
 * viewer's rotation and flips, in continuous pixel coordinates (affineSchema).
 * A point is a box of zero size (x1 = x2, y1 = y2) and also carries `point`.
 */
export const regionSchema = z.object({
  /** What the model called it ("" when it gave no label). */
  label: z.string(),
  /** Which attached image (1-based, in prompt order). */
  image: z.number().int().positive(),
  /** Which frame of that image (0-based; 0 for a single-frame image). */
  frame: z.number().int().nonnegative(),
  /** [x1, y1, x2, y2] with x1 ≤ x2 and y1 ≤ y2, in source-image pixels. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Set for a point (`(x,y)` or `point_2d`): the point in source-image pixels. */
  point: z.tuple([z.number(), z.number()]).optional(),
  /**
   * The same box in the pixels of the image as sent to the model (the one a
   * case keeps and an export embeds), so exports draw it without the source.
   */
  imageBox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});
export type Region = z.infer<typeof regionSchema>;
