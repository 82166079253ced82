import { useEffect, useState } from 'react';
import type { FolderListing } from '../../../../electron/common/schemas/models';
import { api } from '../../bridge/api';
import { describeError, type ErrorView } from '../../ui/describeError';
import { ErrorNotice } from '../../ui/ErrorNotice';

/**
 * Picks a folder inside the user's home folder through the back end (a
 * browser page cannot learn a folder's path): one level at a time, folders
 * only.
 */
export function FolderBrowser({
  start,
  onChoose,
  onCancel,
}: {
  start?: string;
  onChoose: (path: string) => void;
  onCancel: () => void;
}) {
  const [listing, setListing] = useState<FolderListing>();
  const [error, setError] = useState<ErrorView>();
  const open = (path?: string) =>
    api.listFolders(path ? { path } : {}).then(
      (next) => {
        setListing(next);
        setError(undefined);
      },
      (e: unknown) => setError(describeError(e)),
    );
  useEffect(() => {
    // A typed path that is not a folder inside home falls back to home itself.
    void api
      .listFolders(start ? { path: start } : {})
      .then(setListing, () =>
        api.listFolders({}).then(setListing, (e: unknown) => setError(describeError(e))),
      );
  }, [start]);
  return (
    <div className="folder-browser" role="group" aria-label="Choose a folder">
      {listing ? (
        <>
          <p className="folder-path">
            <code>{listing.path}</code>
          </p>
          <ul aria-label="Folders">
            {listing.parent ? (
              <li>
                <button type="button" onClick={() => void open(listing.parent)}>
                  ↑ Up one folder
                </button>
              </li>
            ) : null}
            {listing.folders.map((name) => (
              <li key={name}>
                <button type="button" onClick={() => void open(`${listing.path}/${name}`)}>
                  {name}/
                </button>
              </li>
            ))}
            {listing.folders.length === 0 ? <li className="hint">No folders here.</li> : null}
          </ul>
          {listing.truncated ? (
            <p className="hint">Only the first 1000 folders are shown.</p>
          ) : null}
          <div className="folder-actions">
            <button type="button" className="primary" onClick={() => onChoose(listing.path)}>
              Use this folder
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
