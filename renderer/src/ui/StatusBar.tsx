import type { AppInfo } from '../../../electron/common/contract';

interface StatusBarProps {
  info?: AppInfo;
  /** Opened images (ordinary images and DICOM images). */
  imageCount: number;
  /** DICOM objects without an image (reports, waveforms, …). */
  otherCount: number;
  /** Files that cannot be read. */
  unreadableCount: number;
  message?: string;
  /** What leaves this machine (privacyLine): "Offline: …", "Sends images to HOST", or the PACS line. */
  privacy: string;
  /** Hosts that are not this machine which the user let study data go to (PACS servers). */
  remoteHosts?: readonly string[];
  /** The window shows patient names and IDs (the one PHI setting). */
  patientDataShown?: boolean;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function StatusBar({
  info,
  imageCount,
  otherCount,
  unreadableCount,
  message,
  privacy,
  remoteHosts = [],
  patientDataShown = false,
}: StatusBarProps) {
  return (
    <footer className="status-bar" role="status" aria-live="polite">
      <span>
        {info
          ? `${info.name} ${info.version} · ${info.mode === 'web' ? 'web mode (127.0.0.1 only)' : 'desktop'}`
          : 'connecting…'}
      </span>
      <span data-testid="item-counts">
        {[
          count(imageCount, 'image', 'images'),
          otherCount > 0 ? count(otherCount, 'non-image object', 'non-image objects') : '',
          unreadableCount > 0 ? count(unreadableCount, 'unreadable file', 'unreadable files') : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
      {patientDataShown ? (
        <span className="status-remote" data-testid="status-phi">
          Patient data shown
        </span>
      ) : null}
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
