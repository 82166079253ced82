import type { ParsedDicom } from '../../../../models/dicom/index';
import type { ViewportState } from './viewportController';

const text = (parsed: ParsedDicom, tag: string) => parsed.dataSet.string(tag)?.trim() || undefined;

/** Corner annotations over the image. Patient name and ID appear only when the user has revealed patient data. */
export function ViewerOverlay({
  parsed,
  state,
  instanceNumber,
  showPhi,
}: {
  parsed: ParsedDicom;
  state: ViewportState;
  instanceNumber?: number;
  showPhi: boolean;
}) {
  const modality = text(parsed, 'x00080060');
  const bodyPart = text(parsed, 'x00180015');
  return (
    <div className="viewer-overlay" aria-hidden="true" data-testid="viewer-overlay">
      <div className="corner top-left">
        {showPhi ? <div>{text(parsed, 'x00100010')?.replace(/\^/g, ' ') ?? ''}</div> : null}
        {showPhi ? <div>{text(parsed, 'x00100020') ?? ''}</div> : null}
        <div>{text(parsed, 'x00081030') ?? ''}</div>
        <div>{text(parsed, 'x0008103e') ?? ''}</div>
      </div>
      <div className="corner top-right">
        <div>{[modality, bodyPart].filter(Boolean).join(' · ')}</div>
        <div>
          Image {state.index + 1}/{state.count}
          {instanceNumber !== undefined ? ` · Inst ${instanceNumber}` : ''}
        </div>
      </div>
      <div className="corner bottom-left">
        <div>
          {state.voiLut
            ? 'VOI LUT (from the file)'
            : `W ${Math.round(state.windowWidth)} L ${Math.round(state.windowCenter)}`}
          {state.invert !== state.imageInverted ? ' · inverted' : ''}
        </div>
      </div>
      <div className="corner bottom-right">
        <div>
          Zoom {state.scale.toFixed(2)}×{state.rotation ? ` · ${state.rotation}°` : ''}
          {state.hflip ? ' · flip H' : ''}
          {state.vflip ? ' · flip V' : ''}
        </div>
      </div>
    </div>
  );
}
