import type { ViewerTool } from './viewportController';

/** A viewer command a key runs. */
export type ViewerCommand =
  | { kind: 'scroll'; delta: number }
  | { kind: 'scrollTo'; to: 'first' | 'last' }
  | { kind: 'preset'; key: string }
  | { kind: 'tool'; tool: ViewerTool }
  | {
      kind:
        | 'defaultWindow'
        | 'autoWindow'
        | 'invert'
        | 'rotate'
        | 'flipH'
        | 'flipV'
        | 'fit'
        | 'reset'
        | 'cine'
        | 'overlay'
        | 'tags'
        | 'clearMeasurements'
        | 'deleteMeasurement';
    };

const TOOL_KEYS: Record<string, ViewerTool> = {
  w: 'Wwwc',
  p: 'Pan',
  z: 'Zoom',
  l: 'Length',
  a: 'Angle',
  b: 'RectangleRoi',
  e: 'EllipticalRoi',
};
const SIMPLE: Record<string, ViewerCommand> = {
  '0': { kind: 'defaultWindow' },
  '9': { kind: 'autoWindow' },
  i: { kind: 'invert' },
  r: { kind: 'rotate' },
  h: { kind: 'flipH' },
  v: { kind: 'flipV' },
  f: { kind: 'fit' },
  x: { kind: 'reset' },
  ' ': { kind: 'cine' },
  o: { kind: 'overlay' },
  t: { kind: 'tags' },
  Delete: { kind: 'deleteMeasurement' },
};

/** Maps a key press in the viewport to a command; modified keys belong to the app. */
export function viewerCommandForKey(event: {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}): ViewerCommand | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === 'Delete' && event.shiftKey) return { kind: 'clearMeasurements' };
  if (key === 'ArrowDown' || key === 'ArrowRight' || key === 'PageDown')
    return { kind: 'scroll', delta: 1 };
  if (key === 'ArrowUp' || key === 'ArrowLeft' || key === 'PageUp')
    return { kind: 'scroll', delta: -1 };
  if (key === 'Home') return { kind: 'scrollTo', to: 'first' };
  if (key === 'End') return { kind: 'scrollTo', to: 'last' };
  if (/^[1-6]$/.test(key)) return { kind: 'preset', key };
  const tool = TOOL_KEYS[key];
  if (tool) return { kind: 'tool', tool };
  return SIMPLE[key];
}

/** The viewer's keys, for the shortcuts dialog. */
export const VIEWER_SHORTCUTS: Array<[keys: string, action: string]> = [
  ['Wheel / ↑ ↓ / PgUp PgDn (viewer)', 'Previous / next slice or frame'],
  ['Home / End (viewer)', 'First / last slice'],
  ['Space (viewer)', 'Play / stop cine'],
  ['Drag left / middle / right', 'Window-level (or the chosen tool) / pan / zoom'],
  ['1–6 (viewer, CT)', 'Lung, mediastinum, abdomen, liver, bone, brain window'],
  ['0 / 9 (viewer)', 'File window / automatic window'],
  ['W P Z (viewer)', 'Window-level, pan, zoom tool'],
  ['L A B E (viewer)', 'Length, angle, rectangle ROI, ellipse ROI'],
  ['I R H V (viewer)', 'Invert, rotate 90°, flip horizontal, flip vertical'],
  ['F / X (viewer)', 'Fit to window / reset view'],
  ['O / T (viewer)', 'Hide or show overlay / tag browser'],
  ['Tab / click (viewer)', 'Select a measurement in the list'],
  ['Delete / Shift+Delete (viewer)', 'Delete the selected measurement / all of them'],
  ['Ctrl+Z / Ctrl+Shift+Z (viewer)', 'Undo / redo drawing or deleting a measurement'],
];
