import type { Affine } from '../../electron/common/schemas/regions';
import { composeAffine, IDENTITY_AFFINE } from '../dicom/pixelAffine';
import type { ImageSource, SeenImageGeometry } from '../runtime/protocol';
import { describeReceivedImages } from './describeReceived';
import type { ImageGeometry } from './mapRegions';

/**
 * How each image of a request reached the model: what the runtime says it
 * saw (the local worker reports the processor's resize and the file's
 * rendering), after the caller's own rendering (`origins`, the viewer's
 * capture). Where the runtime does not say (a model server), the sent pixels
 * stand in for the model's: exact for Qwen2-VL's 0–1000 grid, and for
 * Qwen2.5-VL pixel boxes only if the server does not resize. null where the
 * size of the sent image is unknown (a file path sent to a server).
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
