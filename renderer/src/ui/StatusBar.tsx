import type { AppInfo } from '../../../electron/common/contract';

interface StatusBarProps {
  info?: AppInfo;
  itemCount: number;
  message?: string;
  /** Hosts that are not this machine which the user let study data go to (PACS servers). */
  remoteHosts?: string[];
}

export function StatusBar({ info, itemCount, message, remoteHosts = [] }: StatusBarProps) {
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
      <span className="status-message">
        {message ??
          (remoteHosts.length > 0
            ? 'The model runs here; studies come from and go to the PACS named'
            : 'Offline: nothing leaves this machine')}
      </span>
    </footer>
  );
}
