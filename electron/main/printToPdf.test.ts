import { describe, expect, it } from 'vitest';
import { pdfFileName, printToPdf } from './printToPdf';

const fakeSender = (bytes: number[]) => {
  const calls: unknown[] = [];
  return {
    calls,
    printToPDF: async (options: unknown) => {
      calls.push(options);
      return Buffer.from(bytes);
    },
  };
};

describe('printToPdf', () => {
  it('renders the print view to PDF and writes it where the user chose', async () => {
    const sender = fakeSender([0x25, 0x50, 0x44, 0x46]);
    const written: [string, Uint8Array][] = [];
    const offered: unknown[] = [];
    const result = await printToPdf(sender, 'Lung nodule — follow-up', {
      showSaveDialog: async (options) => {
        offered.push(options);
        return { canceled: false, filePath: '/tmp/out.pdf' };
      },
      write: async (file, bytes) => void written.push([file, bytes]),
    });
    expect(result).toEqual({ saved: true, path: '/tmp/out.pdf' });
    expect(sender.calls).toEqual([{ printBackground: true, pageSize: 'A4' }]);
    expect(offered[0]).toMatchObject({ defaultPath: 'Lung nodule — follow-up.pdf' });
    expect(written).toEqual([['/tmp/out.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46])]]);
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    const written: string[] = [];
    const result = await printToPdf(fakeSender([1]), 'x', {
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      write: async (file) => void written.push(file),
    });
    expect(result).toEqual({ saved: false });
    expect(written).toEqual([]);
  });

  it('offers a plain file name whatever the renderer asked for', () => {
    expect(pdfFileName('../../etc/passwd')).toBe('.. .. etc passwd.pdf');
    expect(pdfFileName('a\u0000b:c')).toBe('a b c.pdf');
    expect(pdfFileName('report.PDF')).toBe('report.pdf');
    expect(pdfFileName(42)).toBe('case.pdf');
    expect(pdfFileName('   ')).toBe('case.pdf');
  });
});
