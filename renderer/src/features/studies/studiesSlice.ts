import type { StateCreator } from 'zustand';
import type { OpenedFile } from '../../../../electron/common/contract';
import type { ItemProblem } from './describeDicomProblem';
import { IMAGE_MIME, detectFileKind, type FileKind } from './detectFileKind';
import { forgetParsedItem, groupStudyItems, type SeriesGroup } from './groupStudyItems';

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
  /** Opened files, in the order they came. */
  items: StudyItem[];
  /** DICOM image files grouped into series (derived from items). */
  series: SeriesGroup[];
  /** Why a DICOM item cannot be shown (corrupt, unsupported codec, no image), by item id. */
  itemProblems: Record<string, ItemProblem>;
  /** A series key (SeriesGroup.key) or the id of an item shown on its own. */
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
  series: [],
  itemProblems: {},
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
    const items = [...get().items, ...added];
    const { series, problems: itemProblems } = groupStudyItems(items);
    const first = added[0];
    const firstKey = first
      ? (series.find((s) => s.frames.some((f) => f.itemId === first.id))?.key ?? first.id)
      : undefined;
    set({
      items,
      series,
      itemProblems,
      selectedId: firstKey ?? get().selectedId,
      openProblems: problems,
    });
  },
  selectItem(id) {
    const { items, series } = get();
    if (items.some((item) => item.id === id) || series.some((s) => s.key === id))
      set({ selectedId: id });
  },
  removeItem(id) {
    const { items, series: before } = get();
    // Removing a series removes its files.
    const ids = new Set(before.find((s) => s.key === id)?.frames.map((f) => f.itemId) ?? [id]);
    for (const item of items) {
      if (!ids.has(item.id)) continue;
      if (item.objectUrl) URL.revokeObjectURL(item.objectUrl);
      forgetParsedItem(item.id);
    }
    const rest = items.filter((item) => !ids.has(item.id));
    const { series, problems: itemProblems } = groupStudyItems(rest);
    const selectedId = get().selectedId;
    const stillThere =
      rest.some((item) => item.id === selectedId) || series.some((s) => s.key === selectedId);
    set({
      items: rest,
      series,
      itemProblems,
      selectedId: stillThere ? selectedId : (series[0]?.key ?? rest[0]?.id),
    });
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
