import type { Region } from '../../../../electron/common/schemas/regions';

/** "opacity (image 1, x 80–110, y 20–45 px)": where a step's finding is, in the source image's pixels. */
export function regionText({ label, image, box, point }: Region): string {
  const px = (v: number) => Math.round(v);
  const where = point
    ? `x ${px(point[0])}, y ${px(point[1])}`
    : `x ${px(box[0])}–${px(box[2])}, y ${px(box[1])}–${px(box[3])}`;
  return `${label || 'finding'} (image ${image}, ${where} px)`;
}
