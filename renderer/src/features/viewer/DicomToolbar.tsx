import type { Dispatch, SetStateAction } from 'react';
import { useAppStore } from '../../store/store';
import { SendToModelButton } from './SendToModelButton';
import { ToolbarMenu } from './ToolbarMenu';
import { OVERLAY_PARTS, type OverlayPart, type OverlayParts } from './ViewerOverlay';
import type { ViewerCommand } from './viewerKeys';
import type { ViewerTool } from './viewportController';
import type { WindowPreset } from './windowPresets';

const TOOL_LABELS: Array<[ViewerTool, string, string]> = [
  ['Wwwc', 'W/L', 'Window-level by dragging (W)'],
  ['Pan', 'Pan', 'Pan (P)'],
  ['Zoom', 'Zoom', 'Zoom (Z)'],
  ['Length', 'Length', 'Measure a length (L)'],
  ['Angle', 'Angle', 'Measure an angle (A)'],
  ['RectangleRoi', 'Rect', 'Rectangle ROI: mean, SD, area (B)'],
  ['EllipticalRoi', 'Ellipse', 'Ellipse ROI: mean, SD, area (E)'],
];
/** On the toolbar itself; the other tools (pan, zoom: also middle and right drag) sit under "More". */
const MAIN_TOOLS = new Set<ViewerTool>([
  'Wwwc',
  'Length',
  'Angle',
  'RectangleRoi',
  'EllipticalRoi',
]);
const CINE_SPEEDS = [2, 5, 10, 15, 20, 30];

/**
 * The viewer's toolbar in one row at 1280×720: the drawing tools, a "Window"
 * menu (presets, the file's window, automatic), Invert, and "More" for the
 * rest (pan, zoom, rotate, flip, fit, reset, cine and its speed, the overlay
 * and its parts, clearing measurements, tags), then "Send to model".
 */
export function DicomToolbar({
  tool,
  run,
  presets,
  inverted,
  frameCount,
  cine,
  cineFps,
  onCineFps,
  overlay,
  overlayParts,
  onOverlayParts,
  measurementCount,
  tagsAvailable,
  ready,
}: {
  tool: ViewerTool;
  run: (command: ViewerCommand) => void;
  presets: readonly WindowPreset[];
  inverted: boolean;
  frameCount: number;
  cine: boolean;
  cineFps: number;
  onCineFps: (fps: number) => void;
  overlay: boolean;
  overlayParts: OverlayParts;
  onOverlayParts: Dispatch<SetStateAction<OverlayParts>>;
  measurementCount: number;
  tagsAvailable: boolean;
  ready: boolean;
}) {
  const sendMeasurements = useAppStore((s) => s.sendMeasurements);
  const setSendMeasurements = useAppStore((s) => s.setSendMeasurements);
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      {TOOL_LABELS.filter(([id]) => MAIN_TOOLS.has(id)).map(([id, label, hint]) => (
        <button
          key={id}
          type="button"
          aria-pressed={tool === id}
          title={hint}
          onClick={() => run({ kind: 'tool', tool: id })}
        >
          {label}
        </button>
      ))}
      <span className="sep" />
      <ToolbarMenu label="Window" title="Window presets, the file's window, automatic window">
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            title={`${p.label} window (${p.key}): L ${p.center} W ${p.width}`}
            onClick={() => run({ kind: 'preset', key: p.key })}
          >
            {p.label} <kbd>{p.key}</kbd>
          </button>
        ))}
        <button
          type="button"
          title="The file's window (0)"
          onClick={() => run({ kind: 'defaultWindow' })}
        >
          Default <kbd>0</kbd>
        </button>
        <button
          type="button"
          title="Automatic window from the pixel values (9)"
          onClick={() => run({ kind: 'autoWindow' })}
        >
          Auto <kbd>9</kbd>
        </button>
      </ToolbarMenu>
      <button
        type="button"
        aria-pressed={inverted}
        title="Invert (I)"
        onClick={() => run({ kind: 'invert' })}
      >
        Invert
      </button>
      <ToolbarMenu label="More" title="Pan, zoom, rotate, flip, fit, reset, cine, overlay, tags">
        {TOOL_LABELS.filter(([id]) => !MAIN_TOOLS.has(id)).map(([id, label, hint]) => (
          <button
            key={id}
            type="button"
            aria-pressed={tool === id}
            title={hint}
            onClick={() => run({ kind: 'tool', tool: id })}
          >
            {label} <kbd>{/\((\w)\)$/.exec(hint)?.[1]}</kbd>
          </button>
        ))}
        <button type="button" title="Rotate 90° (R)" onClick={() => run({ kind: 'rotate' })}>
          Rotate <kbd>R</kbd>
        </button>
        <button type="button" title="Flip horizontally (H)" onClick={() => run({ kind: 'flipH' })}>
          Flip H <kbd>H</kbd>
        </button>
        <button type="button" title="Flip vertically (V)" onClick={() => run({ kind: 'flipV' })}>
          Flip V <kbd>V</kbd>
        </button>
        <button type="button" title="Fit to window (F)" onClick={() => run({ kind: 'fit' })}>
          Fit <kbd>F</kbd>
        </button>
        <button type="button" title="Reset the view (X)" onClick={() => run({ kind: 'reset' })}>
          Reset <kbd>X</kbd>
        </button>
        {frameCount > 1 ? (
          <>
            <button
              type="button"
              aria-pressed={cine}
              title="Play or stop cine (Space)"
              onClick={() => run({ kind: 'cine' })}
            >
              {cine ? 'Stop cine' : 'Play cine'} <kbd>Space</kbd>
            </button>
            <label className="cine-speed">
              Cine speed
              <select value={cineFps} onChange={(e) => onCineFps(Number(e.currentTarget.value))}>
                {CINE_SPEEDS.map((fps) => (
                  <option key={fps} value={fps}>
                    {fps} frames/s
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        <button
          type="button"
          aria-pressed={overlay}
          title="Show or hide the overlay (O)"
          onClick={() => run({ kind: 'overlay' })}
        >
          Overlay <kbd>O</kbd>
        </button>
        <fieldset className="overlay-parts" disabled={!overlay}>
          <legend>Overlay shows</legend>
          {(Object.keys(OVERLAY_PARTS) as OverlayPart[]).map((part) => (
            <label key={part}>
              <input
                type="checkbox"
                checked={overlayParts[part]}
                onChange={(e) =>
                  onOverlayParts({ ...overlayParts, [part]: e.currentTarget.checked })
                }
              />
              {OVERLAY_PARTS[part]}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          title="Remove every measurement (Shift+Delete)"
          onClick={() => run({ kind: 'clearMeasurements' })}
          disabled={measurementCount === 0}
        >
          Clear measurements
        </button>
        <label
          className="send-measurements"
          title="What you measured is drawn into the frame the model gets, and so into every export"
        >
          <input
            type="checkbox"
            checked={sendMeasurements}
            onChange={(e) => setSendMeasurements(e.currentTarget.checked)}
          />
          Send with measurements
        </label>
        <button
          type="button"
          title="Browse DICOM tags (T)"
          onClick={() => run({ kind: 'tags' })}
          disabled={!tagsAvailable}
        >
          Tags <kbd>T</kbd>
        </button>
      </ToolbarMenu>
      {ready ? <SendToModelButton /> : null}
    </div>
  );
}
