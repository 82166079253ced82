import { describe, expect, it } from 'vitest';
import { captureDicomView } from '../viewer/captureDicomView';
import { drawMeasurements } from '../viewer/drawMeasurements';
import { measurementMarks } from '../viewer/measurementMarks';
import { toBase64 } from '../../../../electron/common/jsonBytes';
import { decodeFrame, encodeRgbPng, parseDicom } from '../../../../models/dicom/index';
import { ctSlice } from '../viewer/testing/ctSlice';
import { buildCaseJson, buildCaseMarkdown } from './exportCase';
import type { RunState } from './reasoningSlice';

const isYellow = (image: { rgb: Uint8Array }, i: number) =>
  image.rgb[i * 3] === 255 && image.rgb[i * 3 + 1] === 221 && image.rgb[i * 3 + 2] === 0;

describe('measurements in exports', () => {
  it('puts the frame with its measurements drawn in, as the model got it, into the Markdown and JSON exports', async () => {
    // A 96 × 96 CT slice, turned a quarter in the viewer, with one 40-pixel length on it.
    const frame = await decodeFrame(parseDicom(ctSlice({ size: 96 })), 0);
    const orientation = { rotation: 90, hflip: false, vflip: false };
    const shown = captureDicomView(frame, { ...orientation }, 'slice 1');
    const sent = drawMeasurements(
      shown,
      measurementMarks(
        [
          {
            id: 3,
            points: [
              { x: 20, y: 30 },
              { x: 60, y: 30 },
            ],
            closed: false,
          },
        ],
        [
          {
            id: 3,
            measurement: { tool: 'Length', length: 20, unit: 'mm' },
            final: true,
            removed: false,
          },
        ],
        { source: { width: 96, height: 96 }, orientation, target: shown },
      ),
    );
    const run: RunState = {
      id: 1,
      question: 'How large is it?',
      status: 'done',
      images: [sent],
      perspectives: [],
    };
    const markdown = buildCaseMarkdown(run, { keepFileNames: false, appVersion: 'test' });
    const embedded = /!\[image-1\.png\]\(data:image\/png;base64,([^)]+)\)/.exec(markdown);
    expect(embedded).not.toBeNull();
    // The export embeds exactly the pixels sent: those with the measurement drawn in.
    expect(embedded![1]).toBe(toBase64(encodeRgbPng(sent)));
    // After the quarter turn the horizontal line at y = 30 runs down the column x = 96 - 30.
    for (const y of [21, 40, 59]) expect(isYellow(sent, y * 96 + 66), `row ${y}`).toBe(true);
    expect(isYellow(sent, 40 * 96 + 10)).toBe(false);
    // Its label, too wide for the right of the line's top, sits left of it: "1 20.0 mm" in yellow.
    let label = 0;
    for (let y = 14; y < 27; y++)
      for (let x = 0; x < 63; x++) if (isYellow(sent, y * 96 + x)) label++;
    expect(label).toBeGreaterThan(40);
    const json = buildCaseJson(run, { keepFileNames: false, appVersion: 'test' });
    expect(json.images[0]!.pngBase64).toBe(embedded![1]);
  });
});
