import { AppError } from '../common/appError';
import type { CaseListFilter, CaseView } from '../common/schemas/cases';
import { CaseStore, casesDir } from '../../models/cases/CaseStore';
import { exportCaseBundle, importCaseBundle } from '../../models/cases/bundle/exportCaseBundle';

/** The store of one back end, opened on first use (every write goes to disk before it answers). */
export class CaseStoreHolder {
  private opening?: Promise<CaseStore>;
  constructor(private readonly home: string) {}

  get(): Promise<CaseStore> {
    this.opening ??= CaseStore.open(casesDir(this.home)).catch((error: unknown) => {
      // A refused store (newer version, not a database) is refused again on the next call, not cached as broken.
      this.opening = undefined;
      throw AppError.from(error, 'The case store cannot be opened');
    });
    return this.opening;
  }

  async dispose(): Promise<void> {
    if (this.opening) (await this.opening.catch(() => undefined))?.close();
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The case handlers of the contract: list, open, rename, notes, delete with undo, export, import. */
export function createCasesHandlers(cases: CaseStoreHolder) {
  return {
    async listCases(request: CaseListFilter) {
      return { cases: (await cases.get()).list(request) };
    },
    async getCase({ id }: { id: string }): Promise<CaseView> {
      const store = await cases.get();
      const document = store.get(id);
      return {
        case: document,
        images: document.images.map((image) => ({
          sha256: image.sha256,
          pngBase64: base64(store.readFile(image.sha256)),
        })),
      };
    },
    async renameCase({ id, title }: { id: string; title: string }) {
      return (await cases.get()).rename(id, title);
    },
    async setCaseNotes({ id, notes }: { id: string; notes: string }) {
      return (await cases.get()).setNotes(id, notes);
    },
    async deleteCase({ id }: { id: string }) {
      (await cases.get()).delete(id);
      return { id };
    },
    async restoreCase({ id }: { id: string }) {
      return (await cases.get()).restore(id);
    },
    async exportCase({ id, withOriginals }: { id: string; withOriginals: boolean }) {
      const store = await cases.get();
      const { bytes, warnings } = await exportCaseBundle(store, id, { withOriginals });
      const title =
        store
          .get(id)
          .title.replace(/[^\p{L}\p{N} _-]+/gu, '')
          .trim()
          .slice(0, 60) || 'case';
      return { fileName: `${title}.mmxcase`, bundleBase64: base64(bytes), warnings };
    },
    async importCase({ bundleBase64 }: { bundleBase64: string }) {
      return importCaseBundle(
        await cases.get(),
        new Uint8Array(Buffer.from(bundleBase64, 'base64')),
      );
    },
  };
}
