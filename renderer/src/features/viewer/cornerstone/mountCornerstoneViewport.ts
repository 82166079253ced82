import * as cornerstone from 'cornerstone-core';
import * as cornerstoneTools from 'cornerstone-tools';
import { readToolMeasurement } from '../formatMeasurement';
import type { ViewerTool, ViewportCallbacks, ViewportController } from '../viewportController';
import { decodedFrameOf, loadedImageInfo } from './mmxImageLoader';
import { separateTextBoxes, textBoxOf } from './separateTextBoxes';
import { toolShape } from './toolShape';

let measurementCount = 0;
// Not a top-level export of cornerstone-tools 6; importInternal is its documented way in.
const scrollToIndex = cornerstoneTools.importInternal('util/scrollToIndex');
const MEASURE_TOOLS = ['Length', 'Angle', 'RectangleRoi', 'EllipticalRoi'] as const;
const TOOLS: Array<[ViewerTool | 'StackScrollMouseWheel', unknown]> = [
  ['Wwwc', cornerstoneTools.WwwcTool],
  ['Pan', cornerstoneTools.PanTool],
  ['Zoom', cornerstoneTools.ZoomTool],
  ['StackScrollMouseWheel', cornerstoneTools.StackScrollMouseWheelTool],
  ['Length', cornerstoneTools.LengthTool],
  ['Angle', cornerstoneTools.AngleTool],
  ['RectangleRoi', cornerstoneTools.RectangleRoiTool],
  ['EllipticalRoi', cornerstoneTools.EllipticalRoiTool],
];
// Mouse button masks (cornerstone-tools): 1 left, 2 right, 4 middle.
const LEFT = 1;
const RIGHT = 2;
const MIDDLE = 4;
/** The selected measurement's colour: it stays while the pointer hovers others (hover is greenyellow). */
const SELECTED_COLOR = '#ffb020';

interface MeasurementEventDetail {
  toolName?: string;
  toolType?: string;
  measurementData?: Record<string, unknown>;
}

/**
 * Shows a stack of imageIds in `element` with cornerstone-core and
 * cornerstone-tools: W/L on the left button (or the chosen tool), pan on the
 * middle, zoom on the right, stack scroll on the wheel.
 */
export function mountCornerstoneViewport(
  element: HTMLElement,
  imageIds: string[],
  callbacks: ViewportCallbacks,
): ViewportController {
  cornerstone.enable(element);
  for (const [, tool] of TOOLS) cornerstoneTools.addToolForElement(element, tool);
  let activeTool: ViewerTool = 'Wwwc';
  const activate = (tool: ViewerTool) => {
    if (activeTool !== tool && activeTool !== 'Pan' && activeTool !== 'Zoom')
      cornerstoneTools.setToolPassiveForElement(element, activeTool);
    activeTool = tool;
    cornerstoneTools.setToolActiveForElement(element, 'Pan', { mouseButtonMask: MIDDLE });
    cornerstoneTools.setToolActiveForElement(element, 'Zoom', { mouseButtonMask: RIGHT });
    cornerstoneTools.setToolActiveForElement(element, tool, { mouseButtonMask: LEFT });
  };
  cornerstoneTools.setToolActiveForElement(element, 'StackScrollMouseWheel', {
    mouseButtonMask: 0,
  });
  for (const tool of MEASURE_TOOLS) cornerstoneTools.setToolPassiveForElement(element, tool);
  activate('Wwwc');

  let lastMeasurement:
    { toolName: string; data: Record<string, unknown>; completed: boolean } | undefined;
  const measurementIds = new WeakMap<object, number>();
  /** Every measurement drawn here, by id: its tool, its data and the image it lies on. */
  const drawn = new Map<
    number,
    { toolName: string; data: Record<string, unknown>; imageId: string }
  >();
  const stateOf = (m: { toolName: string; imageId: string }) =>
    cornerstoneTools.globalImageIdSpecificToolStateManager.getImageIdToolState(
      m.imageId,
      m.toolName,
    );
  const redraw = () => {
    if (enabled().image) cornerstone.updateImage(element);
  };
  let disposed = false;
  const stack = { currentImageIdIndex: 0, imageIds };
  /** The measurements on the image shown, oldest first, as they are in cornerstone's state now. */
  const onImage = (imageId: string) =>
    [...drawn].filter(([, m]) => m.imageId === imageId && stateOf(m)?.data.includes(m.data));
  // A button held (drawing, dragging, windowing): labels are moved apart once it is let go.
  let pressed = false;

  const enabled = () => cornerstone.getEnabledElement(element);
  const onRendered = () => {
    const { image, viewport } = enabled();
    if (!image || !viewport) return;
    callbacks.onState({
      index: stack.currentImageIdIndex,
      count: imageIds.length,
      imageId: image.imageId,
      windowCenter: viewport.voi.windowCenter,
      windowWidth: viewport.voi.windowWidth,
      voiLut: Boolean(viewport.voiLUT?.lut.length),
      invert: viewport.invert,
      imageInverted: image.invert,
      scale: viewport.scale,
      rotation: viewport.rotation,
      hflip: viewport.hflip,
      vflip: viewport.vflip,
      width: image.width,
      height: image.height,
    });
    if (!pressed) {
      const moved = separateTextBoxes(
        element,
        onImage(image.imageId).map(([, m]) => m.data),
      );
      if (moved) cornerstone.updateImage(element);
    }
    if (lastMeasurement) {
      const info = loadedImageInfo(image.imageId);
      const measurement = readToolMeasurement(lastMeasurement.toolName, lastMeasurement.data, {
        hasPixelSpacing: Boolean(image.rowPixelSpacing && image.columnPixelSpacing),
        modality: info?.modality,
      });
      if (measurement) {
        let id = measurementIds.get(lastMeasurement.data);
        if (id === undefined) {
          measurementIds.set(lastMeasurement.data, (id = ++measurementCount));
          drawn.set(id, { ...lastMeasurement, imageId: image.imageId });
        }
        callbacks.onMeasurement(measurement, id, lastMeasurement.completed);
      }
    }
  };
  const onMeasured = (event: Event) => {
    const detail = (event as CustomEvent<MeasurementEventDetail>).detail;
    const toolName = detail.toolName ?? detail.toolType;
    if (!toolName || !detail.measurementData) return;
    const completed = event.type === cornerstoneTools.EVENTS.MEASUREMENT_COMPLETED;
    lastMeasurement = { toolName, data: detail.measurementData, completed };
    // Stats are recomputed on render: render once more so the final values are reported.
    if (completed) cornerstone.updateImage(element);
  };
  // Clicking a measurement's line, outline, handle or label selects it; clicking elsewhere, none.
  const onMouseDown = (event: Event) => {
    pressed = true;
    const detail = (event as CustomEvent<{ currentPoints?: { canvas?: { x: number; y: number } } }>)
      .detail;
    const coords = detail.currentPoints?.canvas;
    const image = enabled().image;
    if (!coords || !image) return;
    const hit = onImage(image.imageId)
      .reverse()
      .find(([, m]) => {
        const box = textBoxOf(m.data)?.boundingBox;
        const onLabel =
          box !== undefined &&
          coords.x >= box.left &&
          coords.x <= box.left + box.width &&
          coords.y >= box.top &&
          coords.y <= box.top + box.height;
        const tool = cornerstoneTools.getToolForElement(element, m.toolName);
        return onLabel || tool?.pointNearTool?.(element, m.data, coords) === true;
      });
    callbacks.onSelect(hit?.[0]);
  };
  const onMouseUp = () => {
    if (!pressed) return;
    pressed = false;
    if (!disposed) redraw();
  };
  const onLoadFailed = (event: Event) => {
    const detail = (event as CustomEvent<{ error?: unknown }>).detail;
    callbacks.onError(describe(detail?.error));
  };
  // Each frame of an enhanced multi-frame object, or each image of a series, may carry its own
  // window (PS3.3 C.7.6.16.2.10 Frame VOI LUT): scrolling follows it until the user sets one.
  let shownDefault: { center: number; width: number } | undefined;
  const onNewImage = () => {
    const { image, viewport } = enabled();
    if (!image || !viewport) return;
    const next = { center: image.windowCenter, width: image.windowWidth };
    const previous = shownDefault;
    shownDefault = next;
    const untouched =
      previous !== undefined &&
      viewport.voi.windowCenter === previous.center &&
      viewport.voi.windowWidth === previous.width &&
      !viewport.voiLUT?.lut.length;
    if (untouched && (previous.center !== next.center || previous.width !== next.width)) {
      viewport.voi = { windowCenter: next.center, windowWidth: next.width };
      cornerstone.setViewport(element, viewport);
    }
  };
  const newImageEvent = cornerstone.EVENTS.NEW_IMAGE ?? 'cornerstonenewimage';
  element.addEventListener(newImageEvent, onNewImage);
  element.addEventListener(cornerstone.EVENTS.IMAGE_RENDERED!, onRendered);
  // Capture: seen before the tools' own handlers, which may stop the event.
  element.addEventListener(cornerstoneTools.EVENTS.MOUSE_DOWN!, onMouseDown, true);
  window.addEventListener('mouseup', onMouseUp);
  element.addEventListener(cornerstoneTools.EVENTS.MEASUREMENT_COMPLETED!, onMeasured);
  element.addEventListener(cornerstoneTools.EVENTS.MEASUREMENT_MODIFIED!, onMeasured);
  element.addEventListener(
    cornerstone.EVENTS.IMAGE_LOAD_FAILED ?? 'cornerstoneimageloadfailed',
    onLoadFailed,
  );

  const firstId = imageIds[0];
  if (!firstId) callbacks.onError('mountCornerstoneViewport: the series has no frames');
  else {
    cornerstone.loadAndCacheImage(firstId).then(
      (image) => {
        if (disposed) return;
        cornerstone.displayImage(element, image);
        cornerstone.fitToWindow(element);
        cornerstoneTools.addStackStateManager(element, ['stack']);
        cornerstoneTools.addToolState(element, 'stack', stack);
      },
      (error: unknown) => !disposed && callbacks.onError(describe(error)),
    );
  }
  const resizeObserver = new ResizeObserver(() => {
    if (enabled().image) cornerstone.resize(element, false);
  });
  resizeObserver.observe(element);

  const update = (
    change: (viewport: NonNullable<ReturnType<typeof cornerstone.getViewport>>) => void,
  ) => {
    const viewport = cornerstone.getViewport(element);
    if (!viewport) return;
    change(viewport);
    cornerstone.setViewport(element, viewport);
  };
  const scrollTo = (index: number) => {
    const target = Math.min(imageIds.length - 1, Math.max(0, index));
    if (target !== stack.currentImageIdIndex && enabled().image) scrollToIndex(element, target);
  };

  return {
    setTool: activate,
    setWindow: (center, width) =>
      update((v) => {
        v.voi = { windowCenter: center, windowWidth: Math.max(1, width) };
        v.voiLUT = undefined;
      }),
    defaultWindow: () => {
      const image = enabled().image;
      return image ? { center: image.windowCenter, width: image.windowWidth } : undefined;
    },
    displayedFrame: () => {
      const image = enabled().image;
      return image ? decodedFrameOf(image) : undefined;
    },
    pixelToScreen: (x, y) => {
      const canvas = element.querySelector('canvas');
      if (!enabled().image || !canvas || canvas.width === 0) return undefined;
      // cornerstone answers in the canvas's own pixels; the page lays it out in CSS pixels.
      const p = cornerstone.pixelToCanvas(element, { x, y });
      const scale = canvas.clientWidth / canvas.width;
      return [canvas.offsetLeft + p.x * scale, canvas.offsetTop + p.y * scale];
    },
    modalityPixels: () => {
      const image = enabled().image;
      if (!image || image.color) return undefined;
      return { pixels: image.getPixelData(), slope: image.slope, intercept: image.intercept };
    },
    toggleInvert: () => update((v) => void (v.invert = !v.invert)),
    rotate: (degrees) =>
      update((v) => void (v.rotation = (((v.rotation + degrees) % 360) + 360) % 360)),
    flip: (axis) =>
      update((v) => void (axis === 'h' ? (v.hflip = !v.hflip) : (v.vflip = !v.vflip))),
    reset: () => {
      if (!enabled().image) return;
      cornerstone.reset(element);
      cornerstone.fitToWindow(element);
    },
    fit: () => enabled().image && cornerstone.fitToWindow(element),
    scrollTo,
    scrollBy: (delta) => scrollTo(stack.currentImageIdIndex + delta),
    playCine: (fps) => imageIds.length > 1 && cornerstoneTools.playClip(element, fps),
    stopCine: () => cornerstoneTools.stopClip(element),
    clearMeasurements: () => {
      for (const tool of MEASURE_TOOLS) cornerstoneTools.clearToolState(element, tool);
      lastMeasurement = undefined;
      redraw();
    },
    removeMeasurement: (id) => {
      const m = drawn.get(id);
      const state = m && stateOf(m);
      if (!m || !state) return;
      state.data = state.data.filter((d) => d !== m.data);
      if (lastMeasurement?.data === m.data) lastMeasurement = undefined;
      redraw();
    },
    restoreMeasurement: (id) => {
      const m = drawn.get(id);
      if (!m || stateOf(m)?.data.includes(m.data)) return;
      cornerstoneTools.globalImageIdSpecificToolStateManager.addImageIdToolState(
        m.imageId,
        m.toolName,
        m.data,
      );
      redraw();
    },
    selectMeasurement: (id) => {
      // cornerstone-tools draws data with a `color` in that colour (toolColors.getColorIfActive),
      // whatever the hover state.
      for (const [key, m] of drawn) {
        if (key === id) m.data.color = SELECTED_COLOR;
        else delete m.data.color;
      }
      redraw();
    },
    measurementShapes: () => {
      const image = enabled().image;
      if (!image) return [];
      return onImage(image.imageId).flatMap(([id, m]) => {
        const shape = toolShape(m.toolName, m.data);
        return shape ? [{ id, ...shape }] : [];
      });
    },
    dispose: () => {
      disposed = true;
      resizeObserver.disconnect();
      cornerstoneTools.stopClip(element);
      element.removeEventListener(newImageEvent, onNewImage);
      element.removeEventListener(cornerstone.EVENTS.IMAGE_RENDERED!, onRendered);
      element.removeEventListener(cornerstoneTools.EVENTS.MOUSE_DOWN!, onMouseDown, true);
      window.removeEventListener('mouseup', onMouseUp);
      element.removeEventListener(cornerstoneTools.EVENTS.MEASUREMENT_COMPLETED!, onMeasured);
      element.removeEventListener(cornerstoneTools.EVENTS.MEASUREMENT_MODIFIED!, onMeasured);
      element.removeEventListener(
        cornerstone.EVENTS.IMAGE_LOAD_FAILED ?? 'cornerstoneimageloadfailed',
        onLoadFailed,
      );
      cornerstone.disable(element);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'the image could not be decoded';
}
