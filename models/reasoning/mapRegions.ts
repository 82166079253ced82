import type { Affine, PixelSize, Region } from '../../electron/common/schemas/regions';
import { applyAffine, composeAffine, mapBox, scaleAffine } from '../dicom/pixelAffine';
import type { RegionMark } from './parseRegions';

/**
 * How one attached image reached the model, so a region can be sent back: the
 * pixels handed to the runtime (`size`, modelPixels' output), the size the
 * model's processor resized them to (`modelSize`, Qwen's smart resize to
 * multiples of 28), and `toSource` from the handed pixels to the source
 * image's pixels (modelPixels' toSource: the cap and the view's orientation
 * undone).
 */
export interface ImageGeometry {
  size: PixelSize;
  modelSize: PixelSize;
  toSource: Affine;
  /** The source frame (0-based). */
  frame: number;
}

/** Two decimals: finer than any display, and stable JSON. */
const round = (v: number) => Math.round(v * 100) / 100 + 0;

/** From a mark's space to the pixels handed to the runtime (the image as sent). */
function markToSent(space: RegionMark['space'], geometry: ImageGeometry): Affine {
  const [width, height] = geometry.size;
  const [modelWidth, modelHeight] = geometry.modelSize;
  // Qwen2-VL's grid spans the model's image 0..1000 on both axes; Qwen2.5-VL
  // counts the model image's own pixels. Either way the processor's resize is
  // a plain scale of the handed pixels (continuous coordinates).
  return space === 'grid-1000'
    ? scaleAffine(width / 1000, height / 1000)
    : scaleAffine(width / modelWidth, height / modelHeight);
}

/** From a mark's space to the source image's pixels. */
export function markToSource(space: RegionMark['space'], geometry: ImageGeometry): Affine {
  return composeAffine(geometry.toSource, markToSent(space, geometry));
}

/**
 * The marks of one step as regions in source-image pixels. A mark naming an
 * image that was not attached is dropped (its label stays in the step text).
 */
export function mapRegions(
  marks: readonly RegionMark[] | undefined,
  images: readonly (ImageGeometry | null)[],
): Region[] {
  const regions: Region[] = [];
  for (const mark of marks ?? []) {
    const geometry = images[mark.image - 1];
    if (!geometry) continue;
    const map = markToSource(mark.space, geometry);
    const box = mapBox(map, mark.box).map(round) as Region['box'];
    const imageBox = mapBox(markToSent(mark.space, geometry), mark.box).map(round) as Region['box'];
    const region: Region = {
      label: mark.label,
      image: mark.image,
      frame: geometry.frame,
      box,
      imageBox,
    };
    if (mark.point) {
      const [x, y] = applyAffine(map, mark.box[0], mark.box[1]);
      region.point = [round(x), round(y)];
    }
    regions.push(region);
  }
  return regions;
}
