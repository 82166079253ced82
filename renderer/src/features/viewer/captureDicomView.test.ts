import { describe, expect, it } from 'vitest';
import { decodeFrame, renderFrame } from '../../../../models/dicom/index';
import { renderDicomView } from './captureDicomView';
import { ctSlice } from './testing/ctSlice';

const still = { rotation: 0, hflip: false, vflip: false, frame: 0 };

describe('renderDicomView', () => {
  it('renders the frame with the displayed window and invert through the CLI render path', async () => {
    const bytes = ctSlice();
    const window = { center: -900, width: 300 };
    const view = await renderDicomView(bytes, { ...still, window, invert: true });
    const reference = renderFrame(await decodeFrame(bytes, 0), { window, invert: true });
    expect([view.width, view.height]).toEqual([8, 8]);
    for (let i = 0; i < 64; i++) expect(view.rgb[i * 3]).toBe(reference.rgba[i * 4]);
    // Inverted: darker stored values come out brighter.
    expect(view.rgb[0]!).toBeGreaterThan(view.rgb[63 * 3]!);
    const plain = await renderDicomView(bytes, { ...still, invert: false });
    expect(plain.rgb[0]).not.toBe(view.rgb[0]);
  });

  it('caps the size for the model', async () => {
    const bytes = ctSlice({
      size: 64,
      values: Array.from({ length: 64 * 64 }, (_, i) => i % 2000),
    });
    const view = await renderDicomView(bytes, { ...still, invert: false, rotation: 90 }, 256);
    expect(view.width * view.height).toBeLessThanOrEqual(256);
    expect(view.rgb.length).toBe(view.width * view.height * 3);
  });
});
