import { useId } from 'react';
import type { WaveformGroup } from '../../../../models/dicom/index';

/** ECG paper: 25 mm/s and 10 mm/mV, drawn at 4 CSS px per mm. */
const PX_PER_MM = 4;
const MM_PER_S = 25;
const MM_PER_MV = 10;
const MIN_ROW_MM = 20;
const LABEL_MM = 4;

/** One lead's row height (mm) and its baseline, from its range: at least 2 mV. */
function rowOf(values: Float32Array): { heightMm: number; topMv: number } {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const heightMm = Math.max(MIN_ROW_MM, (max - min) * MM_PER_MV + 4);
  return { heightMm, topMv: max + (heightMm / MM_PER_MV - (max - min)) / 2 };
}

/**
 * An ECG (or other waveform) plotted on standard paper: 1 mm and 5 mm grid,
 * 25 mm/s, 10 mm/mV, one row per lead with its name.
 */
export function WaveformView({ name, groups }: { name: string; groups: WaveformGroup[] }) {
  const id = useId().replace(/:/g, '');
  return (
    <article className="waveform-view" data-state="ready" data-testid="ecg-plot">
      <h3>{name}</h3>
      <p className="sr-meta">25 mm/s · 10 mm/mV · grid 1 mm and 5 mm</p>
      {groups.map((group, g) => {
        const seconds = (group.channels[0]?.values.length ?? 0) / group.samplingFrequency;
        const widthMm = seconds * MM_PER_S;
        const rows = group.channels.map((c) => rowOf(c.values));
        const heightMm = rows.reduce((sum, r) => sum + r.heightMm, 0);
        let top = 0;
        return (
          <figure key={g} className="waveform-group">
            <figcaption>
              {group.label ? `${group.label} · ` : ''}
              {group.channels.length} leads · {seconds.toFixed(1)} s at {group.samplingFrequency} Hz
            </figcaption>
            <svg
              width={widthMm * PX_PER_MM}
              height={heightMm * PX_PER_MM}
              viewBox={`0 0 ${widthMm} ${heightMm}`}
              role="img"
              aria-label={`${group.channels.map((c) => c.label).join(', ')}, ${seconds.toFixed(1)} seconds`}
              data-px-per-mm={PX_PER_MM}
            >
              <defs>
                <pattern id={`${id}-minor`} width="1" height="1" patternUnits="userSpaceOnUse">
                  <path d="M 1 0 L 0 0 0 1" className="grid-minor" />
                </pattern>
                <pattern id={`${id}-major`} width="5" height="5" patternUnits="userSpaceOnUse">
                  <rect width="5" height="5" fill={`url(#${id}-minor)`} />
                  <path d="M 5 0 L 0 0 0 5" className="grid-major" />
                </pattern>
              </defs>
              <rect width={widthMm} height={heightMm} fill={`url(#${id}-major)`} />
              {group.channels.map((channel, c) => {
                const row = rows[c]!;
                const y0 = top;
                top += row.heightMm;
                const step = 1 / group.samplingFrequency;
                let points = '';
                for (let s = 0; s < channel.values.length; s++) {
                  const x = s * step * MM_PER_S;
                  const y = y0 + (row.topMv - channel.values[s]!) * MM_PER_MV;
                  points += `${x.toFixed(2)},${y.toFixed(2)} `;
                }
                return (
                  <g
                    key={c}
                    data-lead={channel.label}
                    data-baseline-mm={y0 + row.topMv * MM_PER_MV}
                  >
                    <polyline points={points} className="trace" />
                    <text x={1} y={y0 + LABEL_MM} className="lead-label">
                      {channel.label}
                    </text>
                  </g>
                );
              })}
            </svg>
          </figure>
        );
      })}
    </article>
  );
}
