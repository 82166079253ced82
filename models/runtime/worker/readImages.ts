import { badImageError } from '../badImageError';
import type { ImagePixels } from '../../../electron/common/schemas/generation';
import { resolveImageBounds, type ImageBounds } from '../../reasoning/imageTokens';
import type { LoadedModel } from '../internal/loadModel';
import { prepareImages, withPixelBounds, type PreparedImages } from '../internal/prepareImages';
import type { ImageSource } from '../protocol';

/**
 * The request's images through the model's image processor, with the
 * request's pixel bounds (a detail level or min/max pixels) over the
 * model's own when it names any; an unreadable one is a 'bad-image' AppError.
 */
export async function readImages(
  model: LoadedModel,
  images: ImageSource[],
  modelBounds: ImageBounds,
  pixels?: ImagePixels,
): Promise<PreparedImages | undefined> {
  try {
    const processor = pixels
      ? withPixelBounds(model.imageProcessor, resolveImageBounds(modelBounds, pixels))
      : model.imageProcessor;
    return images.length ? await prepareImages(images, processor) : undefined;
  } catch (error) {
    throw badImageError(error);
  }
}
