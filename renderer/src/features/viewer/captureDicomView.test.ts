import { describe, expect, it } from 'vitest';
import { decodeFrame, renderForModel, renderFrame } from '../../../../models/dicom/index';
import { captureDicomView } from './captureDicomView';
import { ctSlice } from './testing/ctSlice';

describe('captureDicomView', () => {
  it('sends the decoded frame with the displayed window and invert as RGB, through the CLI render path', async () => {
    const bytes = ctSlice();
    const frame = await decodeFrame(bytes, 0);
    const window = { center: -900, width: 300 };
    const view = captureDicomView(frame, { window, invert: true }, 'CT 1');
    const reference = renderFrame(frame, { window, invert: true });
    expect(view).toMatchObject({ name: 'CT 1', width: 8, height: 8 });
    expect(view.rgb).toBeInstanceOf(Uint8Array);
    for (let i = 0; i < 64; i++) expect(view.rgb[i * 3]).toBe(reference.rgba[i * 4]);
    // Inverted: darker stored values come out brighter.
    expect(view.rgb[0]!).toBeGreaterThan(view.rgb[63 * 3]!);
    const plain = captureDicomView(frame, { invert: false }, 'CT 1');
    expect(plain.rgb[0]).not.toBe(view.rgb[0]);
  });

  it('gives the same bytes as mmx ask --image on the file when nothing is changed on screen', async () => {
    const bytes = ctSlice({
      size: 64,
      values: Array.from({ length: 64 * 64 }, (_, i) => i % 2000),
    });
    const view = captureDicomView(await decodeFrame(bytes, 0), {}, 'CT');
    const cli = await renderForModel(bytes);
    expect([view.width, view.height]).toEqual([cli.width, cli.height]);
    expect([...view.rgb]).toEqual([...cli.rgb]);
  });

  it('applies the rotation: a quarter turn swaps width and height', async () => {
    const bytes = ctSlice({ size: 8 });
    const frame = await decodeFrame(bytes, 0);
    const turned = captureDicomView(frame, { rotation: 90 }, 'CT');
    const straight = captureDicomView(frame, {}, 'CT');
    // Top-left after a clockwise quarter turn is the original bottom-left.
    expect(turned.rgb[0]).toBe(straight.rgb[7 * 8 * 3]);
  });
});
