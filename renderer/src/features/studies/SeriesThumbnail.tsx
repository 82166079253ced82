import { useEffect, useRef } from 'react';
import { decodeFrame, renderFrame } from '../../../../models/dicom/index';
import { useAppStore } from '../../store/store';
import { parsedItem, type SeriesGroup } from './groupStudyItems';

const SIZE = 44;

/** The middle frame of a series, in its own window, as a small picture in the studies list. */
export function SeriesThumbnail({ series }: { series: SeriesGroup }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const middle = series.frames[Math.floor(series.frames.length / 2)];
  const item = useAppStore((s) => s.items.find((i) => i.id === middle?.itemId));
  useEffect(() => {
    const el = canvas.current;
    if (!el || !item || !middle) return;
    const parsed = parsedItem(item);
    if (parsed instanceof Error) return;
    const controller = new AbortController();
    // A frame that cannot be decoded leaves the thumbnail blank; the viewer says why.
    decodeFrame(parsed, middle.frame, { signal: controller.signal })
      .then((frame) => {
        if (controller.signal.aborted) return;
        const { width, height, rgba } = renderFrame(frame);
        const full = document.createElement('canvas');
        full.width = width;
        full.height = height;
        full
          .getContext('2d')
          ?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
        const context = el.getContext('2d');
        if (!context) return;
        const scale = Math.min(SIZE / width, SIZE / height);
        context.fillStyle = '#000';
        context.fillRect(0, 0, SIZE, SIZE);
        context.drawImage(
          full,
          (SIZE - width * scale) / 2,
          (SIZE - height * scale) / 2,
          width * scale,
          height * scale,
        );
        el.dataset.drawn = 'true';
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [item, middle]);
  return (
    <canvas
      ref={canvas}
      className="series-thumbnail"
      width={SIZE}
      height={SIZE}
      aria-hidden="true"
    />
  );
}
