import type { ParsedDicom } from '../../../../models/dicom/index';
import { orientationMarkers } from './orientationMarkers';
import type { ViewportState } from './viewportController';

const text = (parsed: ParsedDicom, tag: string) => parsed.dataSet.string(tag)?.trim() || undefined;
/** A backslash-separated DS value (PS3.5 6.2) as numbers. */
const numbers = (parsed: ParsedDicom, tag: string) =>
  (text(parsed, tag) ?? '')
    .split('\\')
    .filter((v) => v.trim() !== '')
    .map(Number);

/** The overlay's parts; each can be hidden on its own. */
export const OVERLAY_PARTS = {
  study: 'Study and series',
  orientation: 'Orientation markers',
  position: 'Slice location and thickness',
  scale: 'Scale bar',
  view: 'Window and zoom',
} as const;
export type OverlayPart = keyof typeof OVERLAY_PARTS;
export type OverlayParts = Record<OverlayPart, boolean>;
export const ALL_OVERLAY_PARTS: OverlayParts = {
  study: true,
  orientation: true,
  position: true,
  scale: true,
  view: true,
};

const BAR_LENGTHS_MM = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const BAR_MAX_PX = 120;

/** The longest round length (mm) whose bar stays within BAR_MAX_PX at this zoom. */
export function scaleBar(mmPerScreenPixel: number): { mm: number; px: number } | undefined {
  if (!(mmPerScreenPixel > 0)) return undefined;
  const fits = BAR_LENGTHS_MM.filter((mm) => mm / mmPerScreenPixel <= BAR_MAX_PX);
  const mm = fits[fits.length - 1];
  return mm === undefined ? undefined : { mm, px: mm / mmPerScreenPixel };
}

/** Corner annotations over the image. Patient name and ID appear only when the user has revealed patient data. */
export function ViewerOverlay({
  parsed,
  state,
  instanceNumber,
  showPhi,
  parts,
}: {
  parsed: ParsedDicom;
  state: ViewportState;
  instanceNumber?: number;
  showPhi: boolean;
  parts: OverlayParts;
}) {
  const modality = text(parsed, 'x00080060');
  const bodyPart = text(parsed, 'x00180015');
  const markers = parts.orientation
    ? orientationMarkers(numbers(parsed, 'x00200037'), state)
    : undefined;
  const location = numbers(parsed, 'x00201041')[0];
  const thickness = numbers(parsed, 'x00180050')[0];
  // Pixel Spacing (0028,0030) is row spacing (vertical), then column spacing (horizontal).
  const [rowSpacing, columnSpacing] = numbers(parsed, 'x00280030');
  const across = state.rotation % 180 === 0 ? columnSpacing : rowSpacing;
  const bar = parts.scale && across ? scaleBar(across / state.scale) : undefined;
  return (
    <div className="viewer-overlay" aria-hidden="true" data-testid="viewer-overlay">
      <div className="corner top-left">
        {showPhi ? <div>{text(parsed, 'x00100010')?.replace(/\^/g, ' ') ?? ''}</div> : null}
        {showPhi ? <div>{text(parsed, 'x00100020') ?? ''}</div> : null}
        {parts.study ? <div>{text(parsed, 'x00081030') ?? ''}</div> : null}
        {parts.study ? <div>{text(parsed, 'x0008103e') ?? ''}</div> : null}
      </div>
      <div className="corner top-right">
        {parts.study ? <div>{[modality, bodyPart].filter(Boolean).join(' · ')}</div> : null}
        <div>
          Image {state.index + 1}/{state.count}
          {instanceNumber !== undefined ? ` · Inst ${instanceNumber}` : ''}
        </div>
        {parts.position && (location !== undefined || thickness !== undefined) ? (
          <div data-testid="overlay-position">
            {[
              location !== undefined && Number.isFinite(location)
                ? `Loc ${location.toFixed(2)} mm`
                : '',
              thickness !== undefined && Number.isFinite(thickness)
                ? `Thick ${thickness.toFixed(2)} mm`
                : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
        ) : null}
      </div>
      {markers ? (
        <>
          <div className="marker marker-top" data-testid="marker-top">
            {markers.top}
          </div>
          <div className="marker marker-right" data-testid="marker-right">
            {markers.right}
          </div>
          <div className="marker marker-bottom" data-testid="marker-bottom">
            {markers.bottom}
          </div>
          <div className="marker marker-left" data-testid="marker-left">
            {markers.left}
          </div>
        </>
      ) : null}
      {bar ? (
        <div className="scale-bar" data-testid="scale-bar" data-mm={bar.mm}>
          <span style={{ width: `${bar.px}px` }} />
          {bar.mm} mm
        </div>
      ) : null}
      <div className="corner bottom-left" hidden={!parts.view}>
        <div>
          {state.voiLut
            ? 'VOI LUT (from the file)'
            : `W ${Math.round(state.windowWidth)} L ${Math.round(state.windowCenter)}`}
          {state.invert !== state.imageInverted ? ' · inverted' : ''}
        </div>
      </div>
      <div className="corner bottom-right" hidden={!parts.view}>
        <div>
          Zoom {state.scale.toFixed(2)}×{state.rotation ? ` · ${state.rotation}°` : ''}
          {state.hflip ? ' · flip H' : ''}
          {state.vflip ? ' · flip V' : ''}
        </div>
      </div>
    </div>
  );
}
