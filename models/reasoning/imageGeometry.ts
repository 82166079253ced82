import type { Affine } from '../../electron/common/schemas/regions';
import { composeAffine, IDENTITY_AFFINE } from '../dicom/pixelAffine';
import type { ImageSource, SeenImageGeometry } from '../runtime/protocol';
import { describeReceivedImages } from './describeReceived';
import type { ImageGeometry } from './mapRegions';

/**
 * How each image of a request reached the model: what the runtime says it
 * saw (the local worker reports the processor's resize and the file's
 * rendering; a model server's runtime reports the sent size as the model's,
 * as the server's own resize is unknown: exact for Qwen2-VL's 0–1000 grid,
 * for Qwen2.5-VL pixel boxes only if the server does not resize), after the
 * caller's own rendering (`origins`, the viewer's capture). Before the
 * runtime has said, the sent RGB or PNG size stands in; null where even that
 * is unknown (a file path).
 */
export function imageGeometry(
  sources: readonly ImageSource[],
  seen: readonly SeenImageGeometry[] | undefined,
  origins: readonly ({ toSource: Affine; frame: number } | null)[] = [],
): (ImageGeometry | null)[] {
  const sent = describeReceivedImages(sources);
  return sources.map((_, i) => {
    const origin = origins[i] ?? null;
    const runtime = seen?.[i];
    const frame = origin?.frame ?? 0;
    const outer = origin?.toSource ?? IDENTITY_AFFINE;
    if (runtime)
      return {
        size: runtime.size,
        modelSize: runtime.modelSize,
        toSource: composeAffine(outer, runtime.toSource),
        frame,
      };
    const { width, height } = sent[i] ?? {};
    if (!width || !height) return null;
    return { size: [width, height], modelSize: [width, height], toSource: outer, frame };
  });
}
