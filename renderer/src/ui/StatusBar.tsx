import type { AppInfo } from '../../../electron/common/contract';

interface StatusBarProps {
  info?: AppInfo;
  itemCount: number;
  message?: string;
  /** What leaves this machine (privacyLine): "Offline: …", "Sends images to HOST", or the PACS line. */
  privacy: string;
  /** Hosts that are not this machine which the user let study data go to (PACS servers). */
  remoteHosts?: readonly string[];
}

export function StatusBar({ info, itemCount, message, privacy, remoteHosts = [] }: StatusBarProps) {
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span>
        {info
          ? `${info.name} ${info.version} · ${info.mode === 'web' ? 'web mode (127.0.0.1 only)' : 'desktop'}`
          : 'connecting…'}
      </span>
      <span>{itemCount === 1 ? '1 image' : `${itemCount} images`}</span>
      {remoteHosts.length > 0 ? (
        <span className="status-remote" data-testid="status-remote">
          PACS on another machine: {remoteHosts.join(', ')}
        </span>
      ) : null}
      <span className="status-message" data-testid="privacy-status">
        {message ?? privacy}
      </span>
    </footer>
  );
}
