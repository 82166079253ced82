import { useLayoutEffect, useState, type CSSProperties } from 'react';

/**
 * Where a panel of up to `maxWidth` pixels fits beside the element `id`, on
 * its left, at the same height, so both stay readable; undefined when the
 * element is missing or too close to the window's left edge for `minWidth`
 * pixels (the panel then keeps its own CSS placement). Follows window
 * resizes while `active`.
 */
export function usePlacementBeside(
  id: string,
  active: boolean,
  { minWidth, maxWidth }: { minWidth: number; maxWidth: number },
): CSSProperties | undefined {
  const [rect, setRect] = useState<DOMRect>();
  useLayoutEffect(() => {
    if (!active) return;
    const measure = () => setRect(document.getElementById(id)?.getBoundingClientRect());
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [id, active]);
  if (!active || !rect) return undefined;
  const room = rect.left - 8;
  if (room < minWidth) return undefined;
  return {
    top: rect.top,
    right: document.documentElement.clientWidth - rect.left,
    height: rect.height,
    width: Math.min(maxWidth, room),
  };
}
