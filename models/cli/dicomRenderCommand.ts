import { writeFile } from 'node:fs/promises';
import { decodeFrame } from '../dicom/decodeFrame';
import { detectFormat } from '../dicom/detectFormat';
import { runCodecsInWorker } from '../dicom/node/runCodecsInWorker';
import { DicomError } from '../dicom/DicomError';
import { decodeRasterImage } from '../dicom/node/decodeRasterImage';
import { encodePng } from '../dicom/node/encodePng';
import { renderFrame, type RenderedFrame } from '../dicom/renderFrame';
import { CliError, UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';
import { readInputFile } from './dicomInput';

/** Parses `--window C,W` (centre and width in modality-LUT units, width >= 1). */
export function parseWindowFlag(
  value: string | undefined,
): { center: number; width: number } | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  const [center, width] = parts.map(Number);
  if (
    parts.length !== 2 ||
    parts.some((p) => p === '') ||
    !Number.isFinite(center) ||
    !Number.isFinite(width) ||
    width! < 1
  ) {
    throw new UsageError(`--window must be CENTER,WIDTH with WIDTH >= 1, got '${value}'`);
  }
  return { center: center!, width: width! };
}

export const dicomRenderCommand = defineCommand({
  path: ['dicom', 'render'],
  usage: 'dicom render FILE --out PNG [--frame N] [--window C,W] [--json]',
  summary:
    'render one frame of a DICOM file to an 8-bit PNG (window, MONOCHROME1, colour as the standard says)',
  details: [
    'options:',
    '  --out PNG      the PNG file to write',
    '  --frame N      frame number, counted from 0 (default 0)',
    "  --window C,W   VOI window centre and width; default: the file's first window, else min-max",
    '                 (a negative centre needs the = form: --window=-600,1500)',
    '  --json         print what was written as JSON',
  ].join('\n'),
  options: {
    out: { type: 'string' },
    frame: { type: 'string' },
    window: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('name a FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const out = requireFlag(values.out, 'out');
    const frameIndex = numberFlag(values.frame, 'frame', { min: 0, integer: true, fallback: 0 })!;
    const window = parseWindowFlag(values.window);
    const bytes = await readInputFile(file);
    const format = detectFormat(bytes);
    let rendered: RenderedFrame;
    try {
      if (format === 'png' || format === 'jpeg' || format === 'webp') {
        if (frameIndex !== 0)
          throw new UsageError(`a ${format.toUpperCase()} image has one frame (0)`);
        const image = await decodeRasterImage(bytes, format);
        rendered = {
          ...image,
          rgba: new Uint8ClampedArray(
            image.rgba.buffer,
            image.rgba.byteOffset,
            image.rgba.byteLength,
          ),
          grayscale: false,
        };
      } else {
        // A wasm codec runs in a worker with a time limit, so a corrupt frame cannot hang the command.
        const stopCodecs = runCodecsInWorker();
        try {
          rendered = renderFrame(
            await decodeFrame(bytes, frameIndex, { signal: io.signal }),
            window ? { window } : {},
          );
        } finally {
          stopCodecs();
        }
      }
    } catch (error) {
      if (error instanceof DicomError) throw new CliError(error.message);
      throw error;
    }
    await writeFile(out, encodePng(rendered));
    const summary = {
      out,
      width: rendered.width,
      height: rendered.height,
      frame: frameIndex,
      grayscale: rendered.grayscale,
      window: rendered.window,
    };
    if (values.json) writeJson(io, summary);
    else
      io.stdout.write(
        `wrote ${out} (${rendered.width}x${rendered.height}${rendered.window ? `, window ${rendered.window.center},${rendered.window.width}` : ''})\n`,
      );
  },
});
