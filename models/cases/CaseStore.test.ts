import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import initSqlJs from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseDocumentSchema } from '../../electron/common/schemas/cases';
import { CaseStore } from './CaseStore';
import { MIGRATIONS, STORE_SCHEMA_VERSION } from './internal/migrations';
import { sampleRun } from './testing/sampleRun';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mmx-cases-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The repository root: the bundled writer must resolve sql.js from its node_modules. */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });

const png = (seed: number) => new Uint8Array(512).map((_, i) => (i * seed) & 255);

describe('CaseStore', () => {
  it('keeps a case with its images, runs and follow-ups across a reopen', async () => {
    const store = await CaseStore.open(dir);
    const created = store.createCase({
      title: 'Right upper lobe nodule',
      studyContext: { modality: 'CT', bodyPart: 'CHEST' },
      images: [{ name: 'axial.png', png: png(3), width: 16, height: 8 }],
      originals: [
        { name: 'axial.dcm', bytes: png(5), mediaType: 'application/dicom', deidentified: false },
      ],
    });
    const first = store.addRun(created.id, sampleRun('What is the nodule?', 'A solid nodule'));
    const second = store.addRun(
      created.id,
      sampleRun('When should it be followed up?', 'CT at 6 to 12 months', { followUpOf: first.id }),
    );
    store.close();

    const reopened = await CaseStore.open(dir);
    const doc = reopened.get(created.id);
    expect(caseDocumentSchema.parse(doc)).toEqual(doc);
    expect(doc.title).toBe('Right upper lobe nodule');
    expect(doc.studyContext).toEqual({ modality: 'CT', bodyPart: 'CHEST' });
    expect(doc.runs.map((r) => r.question)).toEqual([
      'What is the nodule?',
      'When should it be followed up?',
    ]);
    expect(doc.runs[1]!.followUpOf).toBe(first.id);
    expect(doc.runs[1]!.id).toBe(second.id);
    expect(doc.runs[0]!.imageIds).toEqual([doc.images[0]!.sha256]);
    expect(doc.runs[0]!.steps[0]!.citations[0]!.passage).toBe('solid-6-8mm');
    expect(reopened.readFile(doc.images[0]!.sha256)).toEqual(png(3));
    expect(reopened.readFile(doc.originals[0]!.sha256)).toEqual(png(5));
    expect(doc.images[0]).toMatchObject({ width: 16, height: 8, size: 512 });
  });

  it('lists the newest change first and filters by specialty, model and date', async () => {
    const store = await CaseStore.open(dir);
    const a = store.createCase({ title: 'Case A', images: [{ name: 'a.png', png: png(1) }] });
    const b = store.createCase({ title: 'Case B', images: [{ name: 'b.png', png: png(2) }] });
    store.addRun(b.id, sampleRun('q', 'x', { specialty: 'pediatrics' }));
    store.addRun(
      a.id,
      sampleRun('q', 'y', {
        model: { kind: 'server', name: 'qwen', server: 'http://127.0.0.1:8000' },
      }),
    );
    const list = store.list();
    expect(list.map((c) => c.title)).toEqual(['Case A', 'Case B']);
    expect(list[0]).toMatchObject({
      runs: 1,
      specialty: 'adult-medicine',
      model: 'qwen (http://127.0.0.1:8000)',
    });
    expect(store.list({ specialty: 'pediatrics' }).map((c) => c.id)).toEqual([b.id]);
    expect(store.list({ model: 'qwen (http://127.0.0.1:8000)' }).map((c) => c.id)).toEqual([a.id]);
    expect(store.list({ from: '2999-01-01T00:00:00Z' })).toEqual([]);
    expect(store.list({ to: '2999-01-01T00:00:00Z' })).toHaveLength(2);
  });

  it('finds cases by words of titles, notes, questions and answers, as prefixes', async () => {
    const store = await CaseStore.open(dir);
    const nodule = store.createCase({
      title: 'Pulmonary nodule',
      images: [{ name: 'a.png', png: png(1) }],
    });
    const wrist = store.createCase({
      title: 'Wrist trauma',
      images: [{ name: 'b.png', png: png(2) }],
    });
    store.addRun(
      wrist.id,
      sampleRun('Is there a scaphoid fracture?', 'Undisplaced waist fracture'),
    );
    store.setNotes(nodule.id, 'Teaching case for Fleischner follow-up');
    const ids = (search: string) => store.list({ search }).map((c) => c.id);
    expect(ids('nodule')).toEqual([nodule.id]);
    expect(ids('scaph')).toEqual([wrist.id]);
    expect(ids('waist fracture')).toEqual([wrist.id]);
    expect(ids('fleischner')).toEqual([nodule.id]);
    expect(ids('nodule scaphoid')).toEqual([]);
    // FTS operators and quotes in the text are words, not syntax.
    expect(ids('nodule OR "wrist')).toEqual([]);
    expect(ids('"*')).toEqual([]);
  });

  it('renames, edits notes, deletes with undo and purges', async () => {
    const store = await CaseStore.open(dir);
    const c = store.createCase({ title: 'Old title', images: [{ name: 'a.png', png: png(1) }] });
    expect(store.rename(c.id, '  New title ').title).toBe('New title');
    expect(store.list({ search: 'new' })).toHaveLength(1);
    expect(store.list({ search: 'old' })).toHaveLength(0);
    store.delete(c.id);
    expect(store.list()).toEqual([]);
    expect(() => store.get(c.id)).toThrow(/No such case/);
    expect(store.restore(c.id).title).toBe('New title');
    const other = store.createCase({
      title: 'Shares the image',
      images: [{ name: 'a.png', png: png(1) }],
    });
    const own = store.createCase({
      title: 'Own files',
      images: [{ name: 'b.png', png: png(7) }],
      originals: [
        { name: 'x.dcm', bytes: png(9), mediaType: 'application/dicom', deidentified: false },
      ],
    });
    const ownFiles = [own.images[0]!.sha256, own.originals[0]!.sha256];
    store.delete(c.id, { purge: true });
    expect(() => store.get(c.id, { includeDeleted: true })).toThrow(/No such case/);
    // A file another case still uses stays; a purged case's own files, originals too, go.
    expect(store.readFile(other.images[0]!.sha256)).toEqual(png(1));
    store.delete(own.id, { purge: true });
    for (const sha of ownFiles) expect(() => store.readFile(sha)).toThrow(/ENOENT/);
    expect(() => store.rename(c.id, 'x')).toThrow(/No such case/);
  });

  it('purges cases deleted more than a day ago when the store opens, files included', async () => {
    const store = await CaseStore.open(dir);
    const old = store.createCase({ title: 'Old', images: [{ name: 'a.png', png: png(11) }] });
    const recent = store.createCase({ title: 'Recent', images: [{ name: 'b.png', png: png(13) }] });
    store.delete(old.id);
    store.delete(recent.id);
    store.close();
    // Age the first deletion by editing the file as another version would.
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(path.join(dir, 'cases.sqlite')));
    db.run("UPDATE cases SET deleted = '2000-01-01T00:00:00.000Z' WHERE id = ?", [old.id]);
    writeFileSync(path.join(dir, 'cases.sqlite'), db.export());
    const reopened = await CaseStore.open(dir);
    expect(() => reopened.get(old.id, { includeDeleted: true })).toThrow(/No such case/);
    expect(() => reopened.readFile(old.images[0]!.sha256)).toThrow(/ENOENT/);
    expect(reopened.restore(recent.id).title).toBe('Recent');
  });

  it('rolls a failed transaction back in memory and on disk', async () => {
    const store = await CaseStore.open(dir);
    const c = store.createCase({ title: 'Case', images: [{ name: 'a.png', png: png(1) }] });
    const before = readFileSync(path.join(dir, 'cases.sqlite'));
    expect(() => store.addRun(c.id, sampleRun('q', 'a', { imageIds: ['f'.repeat(64)] }))).toThrow(
      /is not part of case/,
    );
    expect(() => store.addRun(c.id, sampleRun('q', 'a', { followUpOf: '00000000-0000' }))).toThrow(
      /is not part of case/,
    );
    expect(store.get(c.id).runs).toEqual([]);
    expect(readFileSync(path.join(dir, 'cases.sqlite'))).toEqual(before);
  });

  it('sees the writes of another process sharing the store and loses none of them', async () => {
    const one = await CaseStore.open(dir);
    const two = await CaseStore.open(dir);
    const c = one.createCase({ title: 'Shared', images: [{ name: 'a.png', png: png(1) }] });
    two.addRun(c.id, sampleRun('from two', 'b'));
    one.addRun(c.id, sampleRun('from one', 'a'));
    two.rename(c.id, 'Renamed by two');
    expect(one.get(c.id).runs.map((r) => r.question)).toEqual(['from two', 'from one']);
    expect(one.get(c.id).title).toBe('Renamed by two');
  });

  it('migrates a version 1 store: the old cases stay and become searchable', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    MIGRATIONS[0]!(db);
    db.run("INSERT INTO meta (key, value) VALUES ('schema_version', '1')");
    db.run(
      "INSERT INTO cases (id, title, created, updated, notes) VALUES ('0123456789ab', 'Old liver lesion', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '')",
    );
    writeFileSync(path.join(dir, 'cases.sqlite'), db.export());
    db.close();
    const store = await CaseStore.open(dir);
    expect(store.list({ search: 'liver' }).map((c) => c.id)).toEqual(['0123456789ab']);
    const migrated = new SQL.Database(readFileSync(path.join(dir, 'cases.sqlite')));
    expect(
      migrated.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]!.values[0]![0],
    ).toBe(String(STORE_SCHEMA_VERSION));
  });

  it('refuses a store from a newer version with a clear message and leaves it untouched', async () => {
    const store = await CaseStore.open(dir);
    store.createCase({ title: 'Kept', images: [{ name: 'a.png', png: png(1) }] });
    store.close();
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(path.join(dir, 'cases.sqlite')));
    db.run("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    writeFileSync(path.join(dir, 'cases.sqlite'), db.export());
    const before = readFileSync(path.join(dir, 'cases.sqlite'));
    await expect(CaseStore.open(dir)).rejects.toThrow(
      `The case store was written by a newer version of MMedExpert: ${path.join(dir, 'cases.sqlite')} has schema version 99; this version reads up to ${STORE_SCHEMA_VERSION}`,
    );
    expect(readFileSync(path.join(dir, 'cases.sqlite'))).toEqual(before);
  });

  it('refuses a file that is no database without overwriting it', async () => {
    writeFileSync(
      path.join(dir, 'cases.sqlite'),
      'not a database at all, just some text'.repeat(40),
    );
    await expect(CaseStore.open(dir)).rejects.toThrow(
      /The case store cannot be read: .* is not an SQLite database/,
    );
    expect(readFileSync(path.join(dir, 'cases.sqlite'), 'utf8')).toMatch(/^not a database/);
  });

  it('takes over the lock of a writer that died', async () => {
    // A pid far above Linux's default pid_max (4194304) belongs to no process.
    writeFileSync(path.join(dir, 'cases.lock'), '99999999');
    const store = await CaseStore.open(dir);
    expect(store.createCase({ title: 'After a crash' }).title).toBe('After a crash');
  });

  it('loses no committed case and stays readable when writers are SIGKILLed at random moments', async () => {
    const committed: string[] = [];
    // The writer bundled to plain JavaScript once: a child then starts in a
    // fraction of the time tsx takes, which keeps 20 kills to a few seconds.
    const bundleDir = mkdtempSync(path.join(repoRoot, '.tmp', 'sigkill-'));
    const child = path.join(bundleDir, 'writer.mjs');
    await build({
      entryPoints: [path.join(import.meta.dirname, 'testing', 'writeCasesUntilKilled.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['sql.js'],
      outfile: child,
      logLevel: 'warning',
    });
    // 5 rounds of 4 writers sharing the store: 20 kills, some of them while
    // the victim holds the lock or is between its temporary file and the rename.
    const writeUntilKilled = async () => {
      const proc = spawn(process.execPath, [child, dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      proc.stdout.on('data', (d: Buffer) => (out += String(d)));
      proc.stderr.on('data', (d: Buffer) => (err += String(d)));
      const exited = new Promise((r) => proc.once('exit', r));
      await new Promise<void>((resolve, reject) => {
        proc.stdout.once('data', () => resolve());
        void exited.then(() => reject(new Error(`writer exited early: ${err}`)));
      });
      await new Promise((r) => setTimeout(r, Math.random() * 60));
      proc.kill('SIGKILL');
      await exited;
      const printed = out.split('\n').filter((line) => line.length > 0);
      // A line cut by the kill is not a confirmed commit.
      return out.endsWith('\n') ? printed : printed.slice(0, -1);
    };
    for (let round = 0; round < 5; round++) {
      const ids = await Promise.all([1, 2, 3, 4].map(writeUntilKilled));
      committed.push(...ids.flat());
      const store = await CaseStore.open(dir);
      const present = new Set(store.list().map((c) => c.id));
      expect(committed.filter((id) => !present.has(id))).toEqual([]);
      for (const id of committed.slice(-3)) {
        const doc = store.get(id);
        expect(doc.runs).toHaveLength(1);
        expect(store.readFile(doc.images[0]!.sha256)).toHaveLength(2048);
      }
      store.close();
    }
    expect(committed.length).toBeGreaterThanOrEqual(20);
    rmSync(bundleDir, { recursive: true, force: true });
  }, 120_000);
});
