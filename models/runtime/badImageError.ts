import { AppError } from '../../electron/common/appError';

/** The one error a question gets when one of its images cannot be read, by either backend. */
export function badImageError(error: unknown): AppError {
  return new AppError({
    code: 'bad-image',
    title: 'An image could not be read',
    cause: error instanceof Error ? error.message : String(error),
    suggestion: 'Use a PNG, JPEG or DICOM file.',
  });
}
