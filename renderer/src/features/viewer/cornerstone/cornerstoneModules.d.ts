// Minimal typings for the parts of cornerstone-core 2 / cornerstone-tools 6
// this adapter uses; the packages ship no types. Only the adapter imports them.
declare module 'cornerstone-core' {
  export interface CornerstoneImage {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => ArrayLike<number>;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    rgba?: boolean;
    invert: boolean;
    columnPixelSpacing?: number;
    rowPixelSpacing?: number;
    sizeInBytes: number;
    /** A non-linear VOI LUT (PS3.3 C.11.2); cornerstone uses it instead of the window while set. */
    voiLUT?: VoiLut;
    /** A Modality LUT (PS3.3 C.11.1); cornerstone uses it instead of slope and intercept. */
    modalityLUT?: VoiLut;
  }
  export interface VoiLut {
    firstValueMapped: number;
    numBitsPerEntry: number;
    lut: number[];
  }
  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: { windowWidth: number; windowCenter: number };
    voiLUT?: VoiLut;
    invert: boolean;
    rotation: number;
    hflip: boolean;
    vflip: boolean;
  }
  export interface EnabledElement {
    element: HTMLElement;
    image?: CornerstoneImage;
    viewport?: Viewport;
  }
  export type ImageLoader = (imageId: string) => { promise: Promise<CornerstoneImage> };
  export function enable(element: HTMLElement): void;
  export function disable(element: HTMLElement): void;
  export function displayImage(
    element: HTMLElement,
    image: CornerstoneImage,
    viewport?: Partial<Viewport>,
  ): void;
  export function loadImage(imageId: string): Promise<CornerstoneImage>;
  export function loadAndCacheImage(imageId: string): Promise<CornerstoneImage>;
  export function registerImageLoader(scheme: string, loader: ImageLoader): void;
  export function getViewport(element: HTMLElement): Viewport | undefined;
  export function pixelToCanvas(
    element: HTMLElement,
    point: { x: number; y: number },
  ): { x: number; y: number };
  export function setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
  export function getDefaultViewportForImage(
    element: HTMLElement,
    image: CornerstoneImage,
  ): Viewport;
  export function getEnabledElement(element: HTMLElement): EnabledElement;
  export function reset(element: HTMLElement): void;
  export function fitToWindow(element: HTMLElement): void;
  export function resize(element: HTMLElement, fitToWindow?: boolean): void;
  export function updateImage(element: HTMLElement): void;
  export function pixelToCanvas(
    element: HTMLElement,
    point: { x: number; y: number },
  ): { x: number; y: number };
  export function canvasToPixel(
    element: HTMLElement,
    point: { x: number; y: number },
  ): { x: number; y: number };
  export function getPixels(
    element: HTMLElement,
    x: number,
    y: number,
    width: number,
    height: number,
  ): number[];
  export const metaData: {
    addProvider(provider: (type: string, imageId: string) => unknown, priority?: number): void;
  };
  export const imageCache: { purgeCache(): void; removeImageLoadObject(imageId: string): void };
  export const EVENTS: Record<string, string>;
}

declare module 'cornerstone-tools' {
  export const external: { cornerstone: unknown; cornerstoneMath: unknown; Hammer: unknown };
  export function init(config?: Record<string, unknown>): void;
  export function addTool(tool: unknown, props?: Record<string, unknown>): void;
  export function addToolForElement(
    element: HTMLElement,
    tool: unknown,
    props?: Record<string, unknown>,
  ): void;
  export function setToolActiveForElement(
    element: HTMLElement,
    name: string,
    options: { mouseButtonMask: number },
  ): void;
  export function setToolPassiveForElement(element: HTMLElement, name: string): void;
  export function addStackStateManager(element: HTMLElement, names: string[]): void;
  export function addToolState(element: HTMLElement, name: string, data: unknown): void;
  export function getToolState(element: HTMLElement, name: string): { data: unknown[] } | undefined;
  export function clearToolState(element: HTMLElement, name: string): void;
  export function getToolForElement(
    element: HTMLElement,
    name: string,
  ):
    | {
        pointNearTool?: (
          element: HTMLElement,
          data: unknown,
          coords: { x: number; y: number },
        ) => boolean;
      }
    | undefined;
  export const globalImageIdSpecificToolStateManager: {
    getImageIdToolState(imageId: string, name: string): { data: unknown[] } | undefined;
    addImageIdToolState(imageId: string, name: string, data: unknown): void;
  };
  export function importInternal(
    path: 'util/scrollToIndex',
  ): (element: HTMLElement, index: number) => void;
  export function playClip(element: HTMLElement, framesPerSecond: number): void;
  export function stopClip(element: HTMLElement): void;
  export const EVENTS: Record<string, string>;
  export const WwwcTool: unknown;
  export const PanTool: unknown;
  export const ZoomTool: unknown;
  export const StackScrollMouseWheelTool: unknown;
  export const LengthTool: unknown;
  export const AngleTool: unknown;
  export const RectangleRoiTool: unknown;
  export const EllipticalRoiTool: unknown;
}

declare module 'cornerstone-math';
declare module 'hammerjs';

declare module '*?url' {
  const url: string;
  export default url;
}
