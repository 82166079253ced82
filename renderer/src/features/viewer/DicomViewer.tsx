import {
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { MODEL_MAX_PIXELS, type AskImage } from '../../../../electron/common/schemas/ask';
import { fitWithin, readImageInfo, type Orientation } from '../../../../models/dicom/index';
import { useAppStore } from '../../store/store';
import { unreadableProblem } from '../studies/describeDicomProblem';
import { parsedItem, type FrameRef } from '../studies/groupStudyItems';
import { captureDicomView } from './captureDicomView';
import { captureImageItem } from './captureForModel';
import { initCornerstone } from './cornerstone/initCornerstone';
import { imageIdFor } from './cornerstone/mmxImageLoader';
import { mountCornerstoneViewport } from './cornerstone/mountCornerstoneViewport';
import { primaryValue } from './formatMeasurement';
import { drawMeasurements } from './drawMeasurements';
import { MeasurementList } from './MeasurementList';
import { measurementMarks } from './measurementMarks';
import { nearestFrame } from './nearestFrame';
import {
  emptyHistory,
  measurementHistory,
  type HistoryAction,
  type MeasurementHistory,
} from './measurementHistory';
import { studyContextFromDicom } from './studyContextFromDicom';
import { TagBrowser } from './TagBrowser';
import { useSetViewerSource, ViewportContext } from './viewportContext';
import { ALL_OVERLAY_PARTS, ViewerOverlay } from './ViewerOverlay';
import { RegionOverlay } from './RegionOverlay';
import { DicomToolbar } from './DicomToolbar';
import { viewerCommandForKey, type ViewerCommand } from './viewerKeys';
import type { ViewerTool, ViewportController, ViewportState } from './viewportController';
import { autoWindow, presetsFor } from './windowPresets';

/**
 * A DICOM series or multi-frame file in cornerstone, with tools, overlay,
 * tags and "Send to model"; a PNG, JPEG or WebP image gets the same viewport
 * tools (zoom, pan, rotate, flip, invert, window/level).
 */
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
  const showPhi = useAppStore((st) => st.showPatientData);
  const setShowPhi = useAppStore((st) => st.setShowPatientData);

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
      onSelect: (id) => dispatch({ type: 'select', id }),
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
  const shownWidth = state?.width;
  const shownHeight = state?.height;
  useEffect(() => {
    // A frame the decoder failed on is not sent: the question goes as text only.
    if (currentItem && error) {
      setViewerSource({ unreadable: currentItem.name });
      return;
    }
    const captureSize =
      shownWidth && shownHeight ? fitWithin(shownWidth, shownHeight, MODEL_MAX_PIXELS) : undefined;
    // The measurements on the frame are drawn into the image the model gets: what the user
    // marked is what the model sees, and every export of the run shows them with their values.
    const withMeasurements = (image: AskImage, orientation: Orientation) => {
      const s = stateRef.current;
      const shapes = controller.current?.measurementShapes() ?? [];
      if (!s || shapes.length === 0 || !useAppStore.getState().sendMeasurements) return image;
      const listed = historyRef.current.items.filter((m) => !m.removed);
      return drawMeasurements(
        image,
        measurementMarks(shapes, listed, {
          source: { width: s.width, height: s.height },
          orientation,
          target: image,
        }),
      );
    };
    if (currentItem && currentItem.kind !== 'dicom') {
      // A PNG, JPEG or WebP goes to the model as the file it is (not turned or flipped).
      const item = currentItem;
      setViewerSource({
        captureSize,
        captureView: async () =>
          withMeasurements(await captureImageItem(item), {
            rotation: 0,
            hflip: false,
            vflip: false,
          }),
      });
      return;
    }
    if (!currentItem || !parsedOk) {
      setViewerSource({});
      return;
    }
    setViewerSource({
      captureSize,
      studyContext: studyContextFromDicom(parsedOk),
      // The SR references the frame the viewer shows, which is the one the model gets.
      dicomSource: { dicom: parsedOk, frame: current?.frame ?? 0 },
      captureView: async () => {
        const s = stateRef.current;
        const frame = controller.current?.displayedFrame();
        if (!frame) throw new Error('The image is still loading; send it once it is shown.');
        const orientation = {
          rotation: s?.rotation ?? 0,
          hflip: s?.hflip ?? false,
          vflip: s?.vflip ?? false,
        };
        const image = captureDicomView(
          frame,
          {
            // While the file's VOI LUT is shown, renderFrame applies it too.
            window:
              s && !s.voiLut
                ? { center: s.windowCenter, width: Math.max(1, s.windowWidth) }
                : undefined,
            invert: s ? s.invert !== s.imageInverted : false,
            ...orientation,
          },
          frames.length > 1 ? `${title} (${(s?.index ?? 0) + 1} of ${frames.length})` : title,
          { frame: current?.frame ?? 0, item: currentItem.id },
        );
        return withMeasurements(image, orientation);
      },
    });
  }, [
    currentItem,
    parsedOk,
    current?.frame,
    frames.length,
    title,
    setViewerSource,
    error,
    shownWidth,
    shownHeight,
  ]);
  useEffect(() => () => setViewerSource({}), [setViewerSource]);

  const warnings = useMemo(() => (parsedOk ? readImageInfo(parsedOk).warnings : []), [parsedOk]);

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
    const nearest = nearestFrame(frames, syncEvent.position);
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
      <DicomToolbar
        tool={tool}
        run={run}
        presets={presets}
        inverted={state ? state.invert !== state.imageInverted : false}
        frameCount={frames.length}
        cine={cine}
        cineFps={cineFps}
        onCineFps={changeCineFps}
        overlay={overlay}
        overlayParts={overlayParts}
        onOverlayParts={setOverlayParts}
        measurementCount={shown.length}
        tagsAvailable={parsedOk !== undefined}
        ready={ready}
      />
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
        {currentItem && state && !error ? (
          <RegionOverlay
            controller={controller.current}
            state={state}
            item={currentItem.id}
            frame={current?.frame ?? 0}
          />
        ) : null}
        {currentItem && currentItem.kind !== 'dicom' && state ? (
          <p className="viewer-caption" data-testid="viewer-caption">
            {currentItem.name} · {state.width}×{state.height}
          </p>
        ) : null}
        {warnings.length > 0 && !error ? (
          <details className="viewer-warnings" data-testid="viewer-warnings">
            <summary>Read with {warnings.length} warning(s) about the file</summary>
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
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
      <MeasurementList
        measurements={shown}
        selected={history.selected}
        onSelect={(id) => dispatch({ type: 'select', id })}
        onRemove={(id) => {
          dispatch({ type: 'remove', id });
          return historyRef.current.selected;
        }}
        image={element}
      />
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
