import type { StateCreator } from 'zustand';
import type { OpenedFile } from '../../../../electron/common/contract';
import { IMAGE_MIME, detectFileKind, type FileKind } from './detectFileKind';

export interface StudyItem {
  id: string;
  name: string;
  kind: FileKind;
  size: number;
  bytes: Uint8Array;
  /** blob: URL for browser-decodable images. */
  objectUrl?: string;
}

export interface OpenProblem {
  name: string;
  message: string;
}

export interface StudiesSlice {
  items: StudyItem[];
  selectedId?: string;
  openProblems: OpenProblem[];
  addFiles(files: OpenedFile[]): void;
  selectItem(id: string): void;
  removeItem(id: string): void;
  dismissProblems(): void;
}

/** Largest file accepted from the UI; bigger ones are refused, not truncated. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

let counter = 0;

export const createStudiesSlice: StateCreator<StudiesSlice, [], [], StudiesSlice> = (set, get) => ({
  items: [],
  selectedId: undefined,
  openProblems: [],
  addFiles(files) {
    const added: StudyItem[] = [];
    const problems: OpenProblem[] = [];
    for (const file of files) {
      if (file.bytes.length === 0) {
        problems.push({ name: file.name, message: 'The file is empty.' });
        continue;
      }
      if (file.bytes.length > MAX_FILE_BYTES) {
        problems.push({ name: file.name, message: 'The file is larger than 1 GiB.' });
        continue;
      }
      const kind = detectFileKind(file.bytes, file.name);
      if (kind === 'unknown') {
        problems.push({ name: file.name, message: 'Not a DICOM, PNG, JPEG or WebP file.' });
        continue;
      }
      const item: StudyItem = {
        id: `f${++counter}`,
        name: file.name,
        kind,
        size: file.bytes.length,
        bytes: file.bytes,
      };
      if (kind !== 'dicom') {
        item.objectUrl = URL.createObjectURL(
          new Blob([file.bytes as BlobPart], { type: IMAGE_MIME[kind] }),
        );
      }
      added.push(item);
    }
    set({
      items: [...get().items, ...added],
      selectedId: added[0]?.id ?? get().selectedId,
      openProblems: problems,
    });
  },
  selectItem(id) {
    if (get().items.some((item) => item.id === id)) set({ selectedId: id });
  },
  removeItem(id) {
    const items = get().items;
    const gone = items.find((item) => item.id === id);
    if (gone?.objectUrl) URL.revokeObjectURL(gone.objectUrl);
    const rest = items.filter((item) => item.id !== id);
    set({ items: rest, selectedId: get().selectedId === id ? rest[0]?.id : get().selectedId });
  },
  dismissProblems() {
    set({ openProblems: [] });
  },
});

/** Reads browser File objects (input or drop) into the bridge's OpenedFile shape. */
export async function readBrowserFiles(files: Iterable<File>): Promise<OpenedFile[]> {
  return Promise.all(
    [...files].map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}
