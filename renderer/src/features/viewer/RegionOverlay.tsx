import type { Region } from '../../../../electron/common/schemas/regions';
import type { ReasoningStep } from '../../../../electron/common/schemas/reasoning';
import { useAppStore } from '../../store/store';
import { stepKey, type RunState } from '../reasoning/reasoningSlice';
import type { ViewportController, ViewportState } from './viewportController';

/** A region of the current run that lies on the image shown, with the step that drew it. */
export interface ShownRegion {
  key: string;
  step: string;
  stepNumber: number;
  region: Region;
}

/**
 * The regions of a run that belong on one frame of one file: each region
 * names its attached image, and that image's origin names the viewer's file
 * and frame it was captured from.
 */
export function regionsOnFrame(
  run: Pick<RunState, 'images' | 'perspectives'> | undefined,
  item: string,
  frame: number,
): ShownRegion[] {
  if (!run) return [];
  const shown: ShownRegion[] = [];
  const steps: ReasoningStep[] = run.perspectives.flatMap((p) => p.steps);
  for (const step of steps) {
    (step.regions ?? []).forEach((region, i) => {
      const origin = run.images[region.image - 1]?.origin;
      if (origin?.item !== item || region.frame !== frame) return;
      const key = stepKey(step);
      shown.push({ key: `${key}-${i}`, step: key, stepNumber: step.index, region });
    });
  }
  return shown;
}

/** Screen rectangle of a region: its corners through the viewport (a quarter turn keeps it a rectangle). */
function screenBox(controller: ViewportController, [x1, y1, x2, y2]: Region['box']) {
  const a = controller.pixelToScreen(x1, y1);
  const b = controller.pixelToScreen(x2, y2);
  if (!a || !b) return undefined;
  return {
    x: Math.min(a[0], b[0]),
    y: Math.min(a[1], b[1]),
    width: Math.abs(a[0] - b[0]),
    height: Math.abs(a[1] - b[1]),
  };
}

/** Radius of a point's marker on screen, in CSS pixels. */
const POINT_RADIUS = 6;

/**
 * The boxes and points the model drew (the steps' regions), over the
 * cornerstone viewport, following its zoom, pan, rotation and flips.
 * Hovering a step highlights its boxes; clicking a box selects its step.
 * `state` is only read so the overlay redraws with every render.
 */
export function RegionOverlay({
  controller,
  state,
  item,
  frame,
}: {
  controller: ViewportController | undefined;
  state: ViewportState;
  item: string;
  frame: number;
}) {
  const run = useAppStore((s) => s.run);
  const hovered = useAppStore((s) => s.hoveredStep);
  const selected = useAppStore((s) => s.selectedStep);
  const selectStep = useAppStore((s) => s.selectStep);
  const hoverStep = useAppStore((s) => s.hoverStep);
  const shown = regionsOnFrame(run, item, frame);
  if (!controller || shown.length === 0) return null;
  return (
    <svg
      className="region-overlay"
      data-testid="region-overlay"
      data-frame-index={state.index}
      aria-label="Findings the model located"
    >
      {shown.map(({ key, step, stepNumber, region }) => {
        const box = screenBox(controller, region.box);
        if (!box) return null;
        const lit = step === hovered || step === selected;
        const name = region.label || 'finding';
        const label = `${name}, step ${stepNumber}`;
        const select = () => selectStep(step);
        return (
          <g
            key={key}
            className={lit ? 'region lit' : 'region'}
            data-step={step}
            data-region-box={region.box.join(',')}
            role="button"
            tabIndex={0}
            aria-label={`Show step ${stepNumber}: ${name}`}
            onClick={select}
            onKeyDown={(event) => {
              if (event.key !== 'Enter' && event.key !== ' ') return;
              event.preventDefault();
              select();
            }}
            onMouseEnter={() => hoverStep(step)}
            onMouseLeave={() => hoverStep(undefined)}
          >
            {region.point ? (
              <circle cx={box.x} cy={box.y} r={POINT_RADIUS} />
            ) : (
              <rect x={box.x} y={box.y} width={box.width} height={box.height} />
            )}
            <text x={box.x} y={Math.max(12, box.y - 4)}>
              {label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
