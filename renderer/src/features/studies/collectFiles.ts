/** Files a folder holds that are never images: the DICOMDIR index (PS3.10 8.6) and hidden files. */
export const isFolderNoise = (name: string) =>
  name.toUpperCase() === 'DICOMDIR' || name.startsWith('.');

/** Files chosen through a folder picker (input webkitdirectory), without the folder's index and hidden files. */
export function filesFromFolderInput(files: FileList | null): File[] {
  return [...(files ?? [])].filter((file) => !isFolderNoise(file.name));
}

function readEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return new Promise((resolve, reject) =>
      (entry as FileSystemFileEntry).file((f) => resolve([f]), reject),
    );
  }
  if (!entry.isDirectory) return Promise.resolve([]);
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call; call until it returns none.
  const all: FileSystemEntry[] = [];
  return new Promise<File[]>((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) {
          Promise.all(all.filter((e) => !isFolderNoise(e.name)).map(readEntry)).then(
            (lists) => resolve(lists.flat()),
            reject,
          );
        } else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

/**
 * The files of a drop, folders included (walked recursively). The entries
 * must be taken from the DataTransfer before the first await: the browser
 * empties it once the drop handler returns.
 */
export function collectDroppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => Boolean(entry));
  if (entries.length === 0) return Promise.resolve([...data.files]);
  return Promise.all(entries.map(readEntry)).then((lists) => lists.flat());
}
