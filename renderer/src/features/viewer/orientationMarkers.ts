/** The patient direction letters at the four edges of the displayed image. */
export interface OrientationMarkers {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

/**
 * The letters of a direction in the patient coordinate system (PS3.3
 * C.7.6.2.1.1: +x towards the patient's Left, +y Posterior, +z Head), the
 * strongest axis first; components under 0.25 are left out, so an oblique
 * plane reads e.g. "LA".
 */
export function directionLetters([x, y, z]: readonly [number, number, number]): string {
  const parts: Array<[number, string]> = [
    [Math.abs(x), x > 0 ? 'L' : 'R'],
    [Math.abs(y), y > 0 ? 'P' : 'A'],
    [Math.abs(z), z > 0 ? 'H' : 'F'],
  ];
  return parts
    .filter(([size]) => size >= 0.25)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 2)
    .map(([, letter]) => letter)
    .join('');
}

const negate = ([x, y, z]: readonly number[]): [number, number, number] => [-x!, -y!, -z!];

/**
 * Orientation markers from Image Orientation (Patient) (0020,0037): the row
 * direction (first three values) points to the right edge of the unrotated
 * image, the column direction to the bottom. The view's rotation (clockwise,
 * in 90° steps) and flips move the letters with the image.
 */
export function orientationMarkers(
  orientation: readonly number[],
  view: { rotation: number; hflip: boolean; vflip: boolean },
): OrientationMarkers | undefined {
  if (orientation.length !== 6 || orientation.some((v) => !Number.isFinite(v))) return undefined;
  const row: [number, number, number] = [orientation[0]!, orientation[1]!, orientation[2]!];
  const column: [number, number, number] = [orientation[3]!, orientation[4]!, orientation[5]!];
  // Edges in order top, right, bottom, left, before the view changes anything.
  let edges = [negate(column), row, column, negate(row)];
  if (view.hflip) edges = [edges[0]!, edges[3]!, edges[2]!, edges[1]!];
  if (view.vflip) edges = [edges[2]!, edges[1]!, edges[0]!, edges[3]!];
  // cornerstone applies the flips in image space, then rotates the result clockwise.
  const turns = ((Math.round(view.rotation / 90) % 4) + 4) % 4;
  for (let i = 0; i < turns; i++) edges = [edges[3]!, edges[0]!, edges[1]!, edges[2]!];
  const [top, right, bottom, left] = edges.map(directionLetters);
  return { top: top!, right: right!, bottom: bottom!, left: left! };
}
