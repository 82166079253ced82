import { useState } from 'react';
import { selectSelectedItem, useAppStore } from '../../store/store';

/**
 * Shows the selected image. PNG/JPEG/WebP are decoded by the browser; the
 * DICOM viewer (cornerstone) takes over for DICOM files.
 */
export function ViewerPane() {
  const item = useAppStore(selectSelectedItem);
  const [size, setSize] = useState<{ id: string; width: number; height: number } | undefined>();
  const [failed, setFailed] = useState<string | undefined>();

  if (!item) return <div className="viewer-empty">No image open.</div>;
  if (item.kind === 'dicom') {
    return (
      <div className="viewer-empty" data-state="unsupported">
        DICOM display is not available in this build yet.
      </div>
    );
  }
  const ready = size?.id === item.id;
  return (
    <figure
      className="viewer"
      data-state={failed === item.id ? 'error' : ready ? 'ready' : 'loading'}
    >
      <img
        key={item.id}
        src={item.objectUrl}
        alt={item.name}
        data-testid="viewer-image"
        onLoad={(e) =>
          setSize({
            id: item.id,
            width: e.currentTarget.naturalWidth,
            height: e.currentTarget.naturalHeight,
          })
        }
        onError={() => setFailed(item.id)}
      />
      <figcaption>
        {item.name}
        {ready ? ` · ${size.width}×${size.height}` : ''}
        {failed === item.id ? ' · this image could not be decoded' : ''}
      </figcaption>
    </figure>
  );
}
