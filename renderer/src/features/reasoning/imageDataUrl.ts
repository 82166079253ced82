import type { AskImage } from '../../../../electron/common/schemas/ask';

/** The image as sent, for an <img> (the CSP allows data: images). */
export const imageDataUrl = (image: AskImage) => `data:image/png;base64,${image.pngBase64}`;
