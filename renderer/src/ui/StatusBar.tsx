import type { AppInfo } from '../../../electron/common/contract';

interface StatusBarProps {
  info?: AppInfo;
  itemCount: number;
  message?: string;
  /** What leaves this machine: "Offline: …" or "Sends images to HOST". */
  privacy: string;
}

export function StatusBar({ info, itemCount, message, privacy }: StatusBarProps) {
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span>
        {info
          ? `${info.name} ${info.version} · ${info.mode === 'web' ? 'web mode (127.0.0.1 only)' : 'desktop'}`
          : 'connecting…'}
      </span>
      <span>{itemCount === 1 ? '1 image' : `${itemCount} images`}</span>
      <span className="status-message" data-testid="privacy-status">
        {message ?? privacy}
      </span>
    </footer>
  );
}
