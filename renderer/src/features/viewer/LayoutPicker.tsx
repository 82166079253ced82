import { useAppStore } from '../../store/store';
import { LAYOUTS, type ViewerLayout } from './viewerSlice';

const LABELS: Record<ViewerLayout, string> = { '1x1': '1×1', '1x2': '1×2', '2x2': '2×2' };

/** Viewport layout (1×1, 1×2, 2×2) and synchronised scrolling, in the viewer pane's header. */
export function LayoutPicker() {
  const layout = useAppStore((s) => s.layout);
  const setLayout = useAppStore((s) => s.setLayout);
  const sync = useAppStore((s) => s.syncScroll);
  const setSync = useAppStore((s) => s.setSyncScroll);
  return (
    <div className="layout-picker" role="group" aria-label="Viewport layout">
      {(Object.keys(LAYOUTS) as ViewerLayout[]).map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={layout === l}
          title={`${LABELS[l]} viewports; drag a series from the list onto one`}
          onClick={() => setLayout(l)}
        >
          {LABELS[l]}
        </button>
      ))}
      {layout !== '1x1' ? (
        <button
          type="button"
          aria-pressed={sync}
          title="Scroll series that share a Frame of Reference together"
          onClick={() => setSync(!sync)}
        >
          Sync scroll
        </button>
      ) : null}
    </div>
  );
}
