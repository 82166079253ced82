import { AppError } from '../../../electron/common/appError';
import type { LoadedModel } from '../internal/loadModel';
import { prepareImages, type PreparedImages } from '../internal/prepareImages';
import type { ImageSource } from '../protocol';

/** The request's images through the model's image processor; an unreadable one is a 'bad-image' AppError. */
export async function readImages(
  model: LoadedModel,
  images: ImageSource[],
): Promise<PreparedImages | undefined> {
  try {
    return images.length ? await prepareImages(images, model.imageProcessor) : undefined;
  } catch (error) {
    throw new AppError({
      code: 'bad-image',
      title: 'An image could not be read',
      cause: (error as Error).message,
      suggestion: 'Use a PNG, JPEG or DICOM file.',
    });
  }
}
