import {
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useAppStore } from '../../store/store';
import { unreadableProblem } from '../studies/describeDicomProblem';
import { parsedItem, type FrameRef } from '../studies/groupStudyItems';
import { captureDicomView } from './captureDicomView';
import { initCornerstone } from './cornerstone/initCornerstone';
import { imageIdFor } from './cornerstone/mmxImageLoader';
import { mountCornerstoneViewport } from './cornerstone/mountCornerstoneViewport';
import { formatMeasurement, primaryValue } from './formatMeasurement';
import {
  emptyHistory,
  measurementHistory,
  type HistoryAction,
  type MeasurementHistory,
} from './measurementHistory';
import { SendToModelButton } from './SendToModelButton';
import { studyContextFromDicom } from './studyContextFromDicom';
import { TagBrowser } from './TagBrowser';
import { ToolbarMenu } from './ToolbarMenu';
import { useSetViewerSource, ViewportContext } from './viewportContext';
import { ALL_OVERLAY_PARTS, OVERLAY_PARTS, ViewerOverlay, type OverlayPart } from './ViewerOverlay';
import { viewerCommandForKey, type ViewerCommand } from './viewerKeys';
import type { ViewerTool, ViewportController, ViewportState } from './viewportController';
import { autoWindow, presetsFor } from './windowPresets';

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

/** A DICOM series or multi-frame file in cornerstone, with tools, overlay, tags and "Send to model". */
export function DicomViewer({
  frames,
  title,
  frameOfReferenceUID,
}: {
  frames: FrameRef[];
  title: string;
  /** Series sharing one scroll together when the layout has several viewports. */
  frameOfReferenceUID?: string;
}) {
  const items = useAppStore((s) => s.items);
  const setViewerSource = useSetViewerSource();
  const { index: viewportIndex, active } = useContext(ViewportContext);
  const syncScroll = useAppStore((s) => s.syncScroll && s.layout !== '1x1');
  const publishSync = useAppStore((s) => s.publishSync);
  const syncEvent = useAppStore((s) => s.syncEvent);
  const element = useRef<HTMLDivElement>(null);
  const controller = useRef<ViewportController | undefined>(undefined);
  const [state, setState] = useState<ViewportState>();
  const [error, setError] = useState<string>();
  const [tool, setTool] = useState<ViewerTool>('Wwwc');
  const [history, setHistory] = useState<MeasurementHistory>(emptyHistory);
  const historyRef = useRef(history);
  // Every change goes through here, so cornerstone's drawing follows the list
  // (a measurement hidden or shown again by delete, undo or redo).
  const dispatch = useCallback((action: HistoryAction) => {
    const before = historyRef.current;
    const after = measurementHistory(before, action);
    historyRef.current = after;
    setHistory(after);
    const c = controller.current;
    if (!c) return;
    for (const m of after.items) {
      const was = before.items.find((b) => b.id === m.id);
      if (!was || was.removed === m.removed) continue;
      if (m.removed) c.removeMeasurement(m.id);
      else c.restoreMeasurement(m.id);
    }
    if (before.selected !== after.selected) c.selectMeasurement(after.selected);
  }, []);
  const shown = history.items.filter((m) => !m.removed);
  const measurements = shown.map((m) => m.measurement);
  const [cine, setCine] = useState(false);
  const [cineFps, setCineFps] = useState(10);
  const [overlay, setOverlay] = useState(true);
  const [overlayParts, setOverlayParts] = useState(ALL_OVERLAY_PARTS);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [showPhi, setShowPhi] = useState(false);

  const imageIds = useMemo(() => frames.map((f) => imageIdFor(f.itemId, f.frame)), [frames]);
  const current = frames[state?.index ?? 0] ?? frames[0];
  const currentItem = items.find((i) => i.id === current?.itemId);
  const parsed = currentItem ? parsedItem(currentItem) : undefined;
  const parsedOk = parsed instanceof Error ? undefined : parsed;

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    initCornerstone((id) => {
      const item = useAppStore.getState().items.find((i) => i.id === id);
      if (!item) return undefined;
      const p = parsedItem(item);
      return p instanceof Error ? item.bytes : p;
    });
    setState(undefined);
    setError(undefined);
    historyRef.current = emptyHistory;
    setHistory(emptyHistory);
    setCine(false);
    const c = mountCornerstoneViewport(el, imageIds, {
      onState: setState,
      onError: setError,
      // Reported on every render while it is edited: the history replaces, never appends.
      onMeasurement: (measurement, id, final) =>
        dispatch({ type: 'report', id, measurement, final }),
    });
    controller.current = c;
    return () => {
      controller.current = undefined;
      c.dispose();
    };
  }, [imageIds, dispatch]);

  // The frame as displayed, for the model; studyContext for specialty routing.
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    if (!currentItem || !parsedOk) {
      setViewerSource({});
      return;
    }
    // A frame the decoder failed on is not sent: the question goes as text only.
    if (error) {
      setViewerSource({ unreadable: currentItem.name });
      return;
    }
    const frame = current?.frame ?? 0;
    setViewerSource({
      studyContext: studyContextFromDicom(parsedOk),
      captureView: () => {
        const s = stateRef.current;
        return captureDicomView(
          parsedOk,
          {
            frame,
            // While the file's VOI LUT is shown, renderFrame applies it too.
            window:
              s && !s.voiLut
                ? { center: s.windowCenter, width: Math.max(1, s.windowWidth) }
                : undefined,
            invert: s ? s.invert !== s.imageInverted : false,
            rotation: s?.rotation ?? 0,
            hflip: s?.hflip ?? false,
            vflip: s?.vflip ?? false,
          },
          frames.length > 1 ? `${title} (${(s?.index ?? 0) + 1} of ${frames.length})` : title,
        );
      },
    });
  }, [currentItem, parsedOk, current?.frame, frames.length, title, setViewerSource, error]);
  useEffect(() => () => setViewerSource({}), [setViewerSource]);

  // Synchronised scrolling (same Frame of Reference): a scroll here moves the
  // others to their slice nearest in position; a scroll that came from there
  // is not sent back, so two viewports never chase each other.
  const followed = useRef<number | undefined>(undefined);
  const lastIndex = useRef<number | undefined>(undefined);
  const index = state?.index;
  useEffect(() => {
    const previous = lastIndex.current;
    lastIndex.current = index;
    if (index === undefined || previous === undefined || previous === index) return;
    if (followed.current === index) {
      followed.current = undefined;
      return;
    }
    const position = frames[index]?.position;
    if (!syncScroll || !frameOfReferenceUID || position === undefined) return;
    publishSync({ frameOfReferenceUID, position, from: viewportIndex });
  }, [index, frames, syncScroll, frameOfReferenceUID, publishSync, viewportIndex]);
  useEffect(() => {
    if (!syncEvent || !syncScroll || syncEvent.from === viewportIndex) return;
    if (syncEvent.frameOfReferenceUID !== frameOfReferenceUID) return;
    let nearest = -1;
    frames.forEach((f, i) => {
      if (f.position === undefined) return;
      const best = frames[nearest]?.position;
      if (
        nearest < 0 ||
        Math.abs(f.position - syncEvent.position) < Math.abs(best! - syncEvent.position)
      )
        nearest = i;
    });
    if (nearest < 0 || nearest === lastIndex.current) return;
    followed.current = nearest;
    controller.current?.scrollTo(nearest);
  }, [syncEvent, syncScroll, viewportIndex, frameOfReferenceUID, frames]);

  const modality = parsedOk?.dataSet.string('x00080060')?.trim();
  const presets = presetsFor(modality);

  const run = useCallback(
    (command: ViewerCommand) => {
      const c = controller.current;
      if (!c) return;
      switch (command.kind) {
        case 'scroll':
          return c.scrollBy(command.delta);
        case 'scrollTo':
          return c.scrollTo(command.to === 'first' ? 0 : frames.length - 1);
        case 'preset': {
          const preset = presets.find((p) => p.key === command.key);
          return preset && c.setWindow(preset.center, preset.width);
        }
        case 'tool':
          setTool(command.tool);
          return c.setTool(command.tool);
        case 'defaultWindow': {
          const w = c.defaultWindow();
          return w && c.setWindow(w.center, w.width);
        }
        case 'autoWindow': {
          const px = c.modalityPixels();
          if (!px) return;
          const w = autoWindow(px.pixels, px.slope, px.intercept);
          return c.setWindow(w.center, w.width);
        }
        case 'invert':
          return c.toggleInvert();
        case 'rotate':
          return c.rotate(90);
        case 'flipH':
          return c.flip('h');
        case 'flipV':
          return c.flip('v');
        case 'fit':
          return c.fit();
        case 'reset':
          return c.reset();
        case 'cine':
          if (frames.length < 2) return;
          setCine((on) => {
            if (on) c.stopCine();
            else c.playCine(cineFps);
            return !on;
          });
          return;
        case 'overlay':
          return setOverlay((on) => !on);
        case 'tags':
          return setTagsOpen(true);
        case 'clearMeasurements':
          dispatch({ type: 'clear' });
          return c.clearMeasurements();
        case 'deleteMeasurement': {
          const selected = historyRef.current.selected;
          return selected !== undefined && dispatch({ type: 'remove', id: selected });
        }
      }
    },
    [frames.length, presets, cineFps, dispatch],
  );
  const changeCineFps = (fps: number) => {
    setCineFps(fps);
    if (!cine) return;
    controller.current?.stopCine();
    controller.current?.playCine(fps);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const command = viewerCommandForKey(event);
    if (!command) return;
    event.preventDefault();
    event.stopPropagation();
    run(command);
  };

  const last = measurements[measurements.length - 1];
  const ready = state !== undefined && !error;
  return (
    <div
      className="dicom-viewer"
      data-state={error ? 'error' : ready ? 'ready' : 'loading'}
      data-frame-index={state?.index}
      data-frame-count={frames.length}
      data-instance-number={current?.instanceNumber}
      data-window-center={state ? Math.round(state.windowCenter * 100) / 100 : undefined}
      data-window-width={state ? Math.round(state.windowWidth * 100) / 100 : undefined}
      data-scale={state ? Math.round(state.scale * 10000) / 10000 : undefined}
      data-invert={state ? String(state.invert !== state.imageInverted) : undefined}
      data-last-measurement={last ? primaryValue(last) : undefined}
      data-last-measurement-tool={last?.tool}
      data-measurements-done={shown.filter((m) => m.final).length}
      data-measurement-selected={history.selected}
      onKeyDown={(event) => {
        // Undo and redo of drawing and deleting measurements, anywhere in the viewer.
        const mod = event.ctrlKey || event.metaKey;
        const key = event.key.toLowerCase();
        if (mod && key === 'z') dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
        else if (mod && key === 'y') dispatch({ type: 'redo' });
        else return;
        event.preventDefault();
      }}
    >
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
          aria-pressed={state ? state.invert !== state.imageInverted : false}
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
              {label}
            </button>
          ))}
          <button type="button" title="Rotate 90° (R)" onClick={() => run({ kind: 'rotate' })}>
            Rotate <kbd>R</kbd>
          </button>
          <button
            type="button"
            title="Flip horizontally (H)"
            onClick={() => run({ kind: 'flipH' })}
          >
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
          {frames.length > 1 ? (
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
                <select
                  value={cineFps}
                  onChange={(e) => changeCineFps(Number(e.currentTarget.value))}
                >
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
                    setOverlayParts({ ...overlayParts, [part]: e.currentTarget.checked })
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
            disabled={shown.length === 0}
          >
            Clear measurements
          </button>
          <button
            type="button"
            title="Browse DICOM tags (T)"
            onClick={() => run({ kind: 'tags' })}
            disabled={!parsedOk}
          >
            Tags <kbd>T</kbd>
          </button>
        </ToolbarMenu>
        {ready ? <SendToModelButton /> : null}
      </div>
      <div className="viewport-wrap">
        <div
          ref={element}
          className="cornerstone-viewport"
          data-testid="dicom-viewport"
          data-pane-focus={active ? '' : undefined}
          tabIndex={0}
          role="img"
          aria-label={`${title}, image ${(state?.index ?? 0) + 1} of ${frames.length}`}
          onKeyDown={onKeyDown}
          onContextMenu={(e) => e.preventDefault()}
        />
        {overlay && state && parsedOk ? (
          <ViewerOverlay
            parsed={parsedOk}
            state={state}
            instanceNumber={current?.instanceNumber}
            showPhi={showPhi}
            parts={overlayParts}
          />
        ) : null}
        {error ? (
          <div className="viewer-message" role="alert">
            <p>{unreadableProblem(error).message}</p>
            <details>
              <summary>Details</summary>
              <code>{error}</code>
            </details>
          </div>
        ) : null}
      </div>
      {/* Always there, below the image: a list appearing would shift the image mid-measurement. */}
      {shown.length === 0 ? (
        <p className="measurement-list empty-list">No measurements (L, A, B, E)</p>
      ) : (
        <ol className="measurement-list" aria-label="Measurements" data-testid="measurements">
          {shown.map((m, i) => (
            <li key={m.id}>
              <button
                type="button"
                aria-pressed={history.selected === m.id}
                data-measurement-id={m.id}
                title="Select (click or Tab); Delete removes it; Ctrl+Z undoes"
                onClick={() => dispatch({ type: 'select', id: m.id })}
                onFocus={() => dispatch({ type: 'select', id: m.id })}
                onKeyDown={(event) => {
                  if (event.key !== 'Delete' && event.key !== 'Backspace') return;
                  event.preventDefault();
                  dispatch({ type: 'remove', id: m.id });
                  // Focus follows the selection to the next measurement, or back to the image.
                  const next = historyRef.current.selected;
                  requestAnimationFrame(() =>
                    (
                      document.querySelector<HTMLElement>(`[data-measurement-id="${next}"]`) ??
                      element.current
                    )?.focus(),
                  );
                }}
              >
                <span className="measurement-number">{i + 1}</span>{' '}
                {formatMeasurement(m.measurement)}
              </button>
            </li>
          ))}
        </ol>
      )}
      {tagsOpen && parsedOk && currentItem ? (
        <TagBrowser
          parsed={parsedOk}
          fileName={currentItem.name}
          showPhi={showPhi}
          onShowPhiChange={setShowPhi}
          onClose={() => setTagsOpen(false)}
        />
      ) : null}
    </div>
  );
}
