import type { SaveDialogOptions, SaveDialogReturnValue, WebContents } from 'electron';
import { writeAtomically } from '../../models/cli/writeAtomically';

export interface PrintToPdfResult {
  saved: boolean;
  /** Where the PDF went, when saved. */
  path?: string;
}

export interface PrintToPdfDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  write?: (file: string, bytes: Uint8Array) => Promise<void>;
}

/** A file name the save dialog can offer: no folders, no control characters, ends in .pdf. */
export function pdfFileName(requested: unknown): string {
  const base =
    typeof requested === 'string'
      ? requested
          // Path separators and characters file systems refuse; control characters as well.
          .replace(/[\\/:*?"<>|]+/g, ' ')
          .replace(/\p{Cc}+/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 120)
      : '';
  return `${base.replace(/\.pdf$/i, '') || 'case'}.pdf`;
}

/**
 * Saves what the window shows under its print stylesheet as a PDF
 * (Electron's webContents.printToPDF; the renderer has already put the case
 * in `#print-root`). The user picks where; nothing is written on cancel.
 */
export async function printToPdf(
  sender: Pick<WebContents, 'printToPDF'>,
  requestedName: unknown,
  { showSaveDialog, write = writeAtomically }: PrintToPdfDeps,
): Promise<PrintToPdfResult> {
  const pdf = await sender.printToPDF({ printBackground: true, pageSize: 'A4' });
  const choice = await showSaveDialog({
    title: 'Save case as PDF',
    defaultPath: pdfFileName(requestedName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return { saved: false };
  await write(choice.filePath, new Uint8Array(pdf));
  return { saved: true, path: choice.filePath };
}
