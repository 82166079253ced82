import { createContext, useCallback, useContext } from 'react';
import { useAppStore } from '../../store/store';
import type { ViewerSource } from './viewerSlice';

/** Which viewport of the layout a viewer sits in, and whether it is the active one. */
export const ViewportContext = createContext({ index: 0, active: true });

/**
 * Sets what the viewer offers the model and the reasoning panel, from the
 * active viewport only: the others show their series but are not what
 * "Send to model" or Ask take.
 */
export function useSetViewerSource(): (source: ViewerSource) => void {
  const { active } = useContext(ViewportContext);
  const set = useAppStore((s) => s.setViewerSource);
  return useCallback(
    (source: ViewerSource) => {
      if (active) set(source);
    },
    [active, set],
  );
}
