import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { AppError } from '../../electron/common/appError';
import {
  CASE_SCHEMA_VERSION,
  caseRunSchema,
  caseStudyContextSchema,
  type CaseDocument,
  type CaseImage,
  type CaseListFilter,
  type CaseOriginal,
  type CaseRun,
  type CaseRunInput,
  type CaseStudyContext,
  type CaseSummary,
} from '../../electron/common/schemas/cases';
import { appDataDir } from '../runtime/manager/modelsDir';
import { BlobStore } from './internal/blobStore';
import { processAlive, writeFileDurably } from './internal/durableFile';
import { STORE_SCHEMA_VERSION, migrate, storedSchemaVersion } from './internal/migrations';
import { withStoreLock } from './internal/storeLock';
import { ftsQuery } from './internal/ftsQuery';

/** An image as the model received it (8-bit PNG bytes). */
export interface NewCaseImage {
  name: string;
  png: Uint8Array;
  width?: number;
  height?: number;
}

/** An original file; `deidentified` says whether the PS3.15 profile already ran on it. */
export interface NewCaseOriginal {
  name: string;
  bytes: Uint8Array;
  mediaType: CaseOriginal['mediaType'];
  deidentified: boolean;
}

export interface NewCase {
  title: string;
  notes?: string;
  studyContext?: CaseStudyContext | null;
  images?: NewCaseImage[];
  originals?: NewCaseOriginal[];
}

/** A run to add: the store assigns id and time unless given (an import keeps the times). */
export type NewCaseRun = Omit<CaseRunInput, 'id' | 'created' | 'imageIds'> & {
  id?: string;
  created?: string;
  /** SHA-256 of the case images the run was about; defaults to all of the case's images. */
  imageIds?: string[];
};

/** The largest image and original file a case takes (a 2 MP PNG is about 6 MiB; a CT series file far less than this). */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
export const MAX_ORIGINAL_BYTES = 256 * 1024 * 1024;

/** How long a deleted case can be restored; the next open after that purges it. */
export const UNDO_DELETE_MS = 24 * 60 * 60 * 1000;

/** `<app data>/cases`: the database file, its lock and the blobs. */
export function casesDir(home: string = appDataDir()): string {
  return path.join(home, 'cases');
}

let sqlJs: Promise<SqlJsStatic> | undefined;
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

function notFound(id: string): AppError {
  return new AppError({
    code: 'case-not-found',
    title: 'No such case',
    cause: `no case has the id ${id}`,
    suggestion: 'List the cases to see their ids.',
  });
}

function modelLabel(model: CaseRun['model']): string {
  return model.kind === 'local' ? model.name : `${model.name} (${model.server})`;
}

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const statement = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (statement.step()) out.push(statement.getAsObject());
  } finally {
    statement.free();
  }
  return out;
}

/**
 * The case store: an SQLite database (sql.js, in memory) persisted to
 * `<dir>/cases.sqlite` after every committed transaction by an atomic,
 * fsynced replace, with the images and originals as content-addressed files
 * beside it. Every write runs under the store's lock file on the newest
 * database on disk, so the app, web mode and the CLI can share one store; a
 * process killed at any moment leaves the last committed state whole.
 */
export class CaseStore {
  private readonly file: string;
  private readonly lockFile: string;
  private readonly blobs: BlobStore;
  /** inode, size and mtime of the file the in-memory database was read from. */
  private loadedFrom = '';

  private constructor(
    readonly dir: string,
    private readonly sql: SqlJsStatic,
    private db: Database,
  ) {
    this.file = path.join(dir, 'cases.sqlite');
    this.lockFile = path.join(dir, 'cases.lock');
    this.blobs = new BlobStore(path.join(dir, 'blobs'));
  }

  /** Opens (creating or migrating) the store in `dir`; a store from a newer version is refused. */
  static async open(dir: string = casesDir()): Promise<CaseStore> {
    const sql = await loadSqlJs();
    mkdirSync(path.join(dir, 'blobs'), { recursive: true });
    const store = new CaseStore(dir, sql, new sql.Database());
    withStoreLock(store.lockFile, () => {
      store.removeStaleTemporaries();
      store.loadUnderLock();
    });
    // Undo lasts a day: cases deleted before that leave for good, with their files.
    const cutoff = new Date(Date.now() - UNDO_DELETE_MS).toISOString();
    for (const row of rows(
      store.db,
      'SELECT id FROM cases WHERE deleted IS NOT NULL AND deleted < ?',
      [cutoff],
    ))
      store.delete(String(row.id), { purge: true });
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** Reads the database file (or starts an empty one); refuses a newer schema or a file that is no database. */
  private reload(): void {
    if (!existsSync(this.file)) {
      this.db.close();
      this.db = new this.sql.Database();
      this.loadedFrom = '';
      return;
    }
    const identity = this.identity();
    const bytes = readFileSync(this.file);
    let db: Database;
    let version: number;
    try {
      db = new this.sql.Database(bytes);
      version = storedSchemaVersion(db);
    } catch (error) {
      throw new AppError({
        code: 'case-store-unreadable',
        title: 'The case store cannot be read',
        cause: `${this.file} is not an SQLite database (${error instanceof Error ? error.message : String(error)})`,
        suggestion: 'Move the file away to start an empty store; nothing was changed.',
      });
    }
    if (version > STORE_SCHEMA_VERSION) {
      db.close();
      throw new AppError({
        code: 'case-store-newer',
        title: 'The case store was written by a newer version of MMedExpert',
        cause: `${this.file} has schema version ${version}; this version reads up to ${STORE_SCHEMA_VERSION}`,
        suggestion: 'Update MMedExpert, or set MMX_HOME to another folder.',
      });
    }
    this.db.close();
    this.db = db;
    this.loadedFrom = identity;
  }

  private identity(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return '';
    }
  }

  /**
   * Holding the lock: the newest file, migrated when an older version wrote
   * it. Always read, never skipped by identity(): a file replaced within one
   * timestamp tick can come back with the same inode number (freed by the
   * rename), size and mtime, and a write on the older copy would drop the
   * other process's commit.
   */
  private loadUnderLock(): void {
    this.reload();
    const version = storedSchemaVersion(this.db);
    if (version < STORE_SCHEMA_VERSION) {
      this.transaction(() => migrate(this.db, version));
      this.persist();
    }
  }

  /** For reads: re-reads the file when another process replaced it since we read it. */
  private refresh(): void {
    if (this.identity() !== this.loadedFrom) this.reload();
    // Another process may have created the file from scratch under an old version: migrate under the lock.
    if (storedSchemaVersion(this.db) !== STORE_SCHEMA_VERSION)
      withStoreLock(this.lockFile, () => this.loadUnderLock());
  }

  private persist(): void {
    writeFileDurably(this.file, this.db.export());
    this.loadedFrom = this.identity();
  }

  private transaction<T>(fn: () => T): T {
    this.db.run('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.run('COMMIT');
      return result;
    } catch (error) {
      this.db.run('ROLLBACK');
      throw error;
    }
  }

  /** One committed write: under the lock, on the newest file, persisted before it returns. */
  private write<T>(fn: () => T): T {
    return withStoreLock(this.lockFile, () => {
      this.loadUnderLock();
      const result = this.transaction(fn);
      try {
        this.persist();
      } catch (error) {
        // Not on disk, so not committed: forget the in-memory change too.
        this.reload();
        throw error;
      }
      return result;
    });
  }

  /** Temporary files of writers that died before their rename, and their lock files (internal/storeLock.ts). */
  private removeStaleTemporaries(): void {
    for (const name of readdirSync(this.dir)) {
      const m = /^cases\.(?:sqlite|lock)\.(\d+)\.(?:tmp|new|stale)$/.exec(name);
      if (m && !processAlive(Number(m[1]))) rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** The cases, newest change first; `search` is full-text over titles, notes, questions and answers. */
  list(filter: CaseListFilter = {}): CaseSummary[] {
    this.refresh();
    const where = ['c.deleted IS NULL'];
    const params: SqlValue[] = [];
    const match = filter.search ? ftsQuery(filter.search) : '';
    if (filter.search && !match) return [];
    if (match) {
      where.push('c.id IN (SELECT case_id FROM case_text WHERE case_text MATCH ?)');
      params.push(match);
    }
    if (filter.specialty) {
      where.push('EXISTS (SELECT 1 FROM runs r WHERE r.case_id = c.id AND r.specialty = ?)');
      params.push(filter.specialty);
    }
    if (filter.model) {
      where.push('EXISTS (SELECT 1 FROM runs r WHERE r.case_id = c.id AND r.model = ?)');
      params.push(filter.model);
    }
    if (filter.from) {
      where.push('c.updated >= ?');
      params.push(new Date(filter.from).toISOString());
    }
    if (filter.to) {
      where.push('c.updated < ?');
      params.push(new Date(filter.to).toISOString());
    }
    const latest = (column: string) =>
      `(SELECT r.${column} FROM runs r WHERE r.case_id = c.id ORDER BY r.position DESC LIMIT 1)`;
    return rows(
      this.db,
      `SELECT c.id, c.title, c.created, c.updated,
         (SELECT count(*) FROM runs r WHERE r.case_id = c.id) AS runs,
         ${latest('specialty')} AS specialty, ${latest('model')} AS model
       FROM cases c WHERE ${where.join(' AND ')}
       ORDER BY c.updated DESC, c.rowid DESC`,
      params,
    ).map((r) => ({
      id: String(r.id),
      title: String(r.title),
      created: String(r.created),
      updated: String(r.updated),
      runs: Number(r.runs),
      specialty: r.specialty === null ? null : String(r.specialty),
      model: r.model === null ? null : String(r.model),
    }));
  }

  /** The whole case, as `case.json` holds it; a deleted case only with `includeDeleted` (undo). */
  get(id: string, { includeDeleted = false } = {}): CaseDocument {
    this.refresh();
    const row = rows(this.db, 'SELECT * FROM cases WHERE id = ?', [id])[0];
    if (!row || (row.deleted !== null && !includeDeleted)) throw notFound(id);
    const files = rows(
      this.db,
      'SELECT * FROM case_files WHERE case_id = ? ORDER BY role, position',
      [id],
    );
    const images: CaseImage[] = files
      .filter((f) => f.role === 'image')
      .map((f) => ({
        sha256: String(f.sha256),
        name: String(f.name),
        mediaType: 'image/png',
        size: Number(f.size),
        ...(f.width !== null ? { width: Number(f.width) } : {}),
        ...(f.height !== null ? { height: Number(f.height) } : {}),
      }));
    const originals: CaseOriginal[] = files
      .filter((f) => f.role === 'original')
      .map((f) => ({
        sha256: String(f.sha256),
        name: String(f.name),
        mediaType: String(f.media_type) as CaseOriginal['mediaType'],
        size: Number(f.size),
        deidentified: Number(f.deidentified) === 1,
      }));
    const runs = rows(this.db, 'SELECT document FROM runs WHERE case_id = ? ORDER BY position', [
      id,
    ]).map((r) => caseRunSchema.parse(JSON.parse(String(r.document))));
    return {
      schema: 'mmx-case',
      version: CASE_SCHEMA_VERSION,
      id,
      title: String(row.title),
      created: String(row.created),
      updated: String(row.updated),
      notes: String(row.notes),
      studyContext:
        row.study_context === null
          ? null
          : caseStudyContextSchema.parse(JSON.parse(String(row.study_context))),
      images,
      originals,
      runs,
    };
  }

  /** The bytes of an image or original of the store. */
  readFile(sha256: string): Uint8Array {
    return this.blobs.get(sha256);
  }

  /** A new case with its files and, in the same transaction, its first runs. */
  createCase(input: NewCase, runs: readonly NewCaseRun[] = []): CaseDocument {
    const id = randomUUID();
    const title = input.title.trim();
    if (!title) throw new AppError({ code: 'case-title', title: 'A case needs a title' });
    const files = this.putFiles(input.images ?? [], input.originals ?? []);
    const now = new Date().toISOString();
    const context = input.studyContext ? caseStudyContextSchema.parse(input.studyContext) : null;
    this.write(() => {
      this.db.run(
        'INSERT INTO cases (id, title, created, updated, notes, study_context) VALUES (?, ?, ?, ?, ?, ?)',
        [
          id,
          title.slice(0, 300),
          now,
          now,
          input.notes ?? '',
          context ? JSON.stringify(context) : null,
        ],
      );
      this.insertFiles(id, files);
      for (const run of runs)
        this.insertRun(
          id,
          run,
          files.images.map((f) => f.sha256),
        );
      this.reindex(id);
    });
    return this.get(id);
  }

  /**
   * Adds the run and, in the same transaction, the images and originals not
   * yet in the case; the run is about `images` (else all the case's images)
   * unless it names its imageIds.
   */
  addRun(
    caseId: string,
    run: NewCaseRun,
    images: NewCaseImage[] = [],
    originals: NewCaseOriginal[] = [],
  ): CaseRun {
    const files = this.putFiles(images, originals);
    return this.write(() => {
      this.requireCase(caseId);
      this.insertFiles(caseId, files);
      const imageIds =
        images.length > 0
          ? files.images.map((f) => f.sha256)
          : rows(
              this.db,
              "SELECT sha256 FROM case_files WHERE case_id = ? AND role = 'image' ORDER BY position",
              [caseId],
            ).map((r) => String(r.sha256));
      const stored = this.insertRun(caseId, run, imageIds);
      this.touch(caseId);
      this.reindex(caseId);
      return stored;
    });
  }

  private insertRun(caseId: string, run: NewCaseRun, defaultImageIds: string[]): CaseRun {
    const stored = caseRunSchema.parse({
      ...run,
      id: run.id ?? randomUUID(),
      created: run.created ?? new Date().toISOString(),
      imageIds: run.imageIds ?? defaultImageIds,
    });
    const known = new Set(
      rows(this.db, "SELECT sha256 FROM case_files WHERE case_id = ? AND role = 'image'", [
        caseId,
      ]).map((r) => String(r.sha256)),
    );
    const missing = stored.imageIds.find((sha) => !known.has(sha));
    if (missing)
      throw new Error(`CaseStore.addRun: image ${missing} is not part of case ${caseId}`);
    if (
      stored.followUpOf &&
      rows(this.db, 'SELECT 1 FROM runs WHERE id = ? AND case_id = ?', [stored.followUpOf, caseId])
        .length === 0
    )
      throw new Error(`CaseStore.addRun: run ${stored.followUpOf} is not part of case ${caseId}`);
    const position = Number(
      rows(this.db, 'SELECT coalesce(max(position), -1) + 1 AS next FROM runs WHERE case_id = ?', [
        caseId,
      ])[0]?.next ?? 0,
    );
    this.db.run(
      `INSERT INTO runs (id, case_id, position, created, question, answer, specialty, model, follow_up_of, document)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        stored.id,
        caseId,
        position,
        stored.created,
        stored.question,
        stored.answerText,
        stored.specialty,
        modelLabel(stored.model),
        stored.followUpOf,
        JSON.stringify(stored),
      ],
    );
    return stored;
  }

  rename(id: string, title: string): CaseDocument {
    const trimmed = title.trim();
    if (!trimmed) throw new AppError({ code: 'case-title', title: 'A case needs a title' });
    this.write(() => {
      this.requireCase(id);
      this.db.run('UPDATE cases SET title = ? WHERE id = ?', [trimmed.slice(0, 300), id]);
      this.touch(id);
      this.reindex(id);
    });
    return this.get(id);
  }

  setNotes(id: string, notes: string): CaseDocument {
    this.write(() => {
      this.requireCase(id);
      this.db.run('UPDATE cases SET notes = ? WHERE id = ?', [notes.slice(0, 100_000), id]);
      this.touch(id);
      this.reindex(id);
    });
    return this.get(id);
  }

  /** Hides the case (undo with restore); `purge` removes it for good. */
  delete(id: string, { purge = false } = {}): void {
    const purged: string[] = [];
    this.write(() => {
      if (rows(this.db, 'SELECT 1 FROM cases WHERE id = ?', [id]).length === 0) throw notFound(id);
      if (!purge) {
        this.db.run('UPDATE cases SET deleted = ? WHERE id = ?', [new Date().toISOString(), id]);
        return;
      }
      const files = rows(this.db, 'SELECT DISTINCT sha256 FROM case_files WHERE case_id = ?', [
        id,
      ]).map((r) => String(r.sha256));
      for (const table of ['case_files', 'runs', 'case_text'])
        this.db.run(`DELETE FROM ${table} WHERE case_id = ?`, [id]);
      this.db.run('DELETE FROM cases WHERE id = ?', [id]);
      purged.push(
        ...files.filter(
          (sha) => rows(this.db, 'SELECT 1 FROM case_files WHERE sha256 = ?', [sha]).length === 0,
        ),
      );
    });
    // After the commit (still before returning): the case's files no other case uses
    // leave the disk too, originals included, so a deleted case keeps no patient data.
    withStoreLock(this.lockFile, () => {
      this.loadUnderLock();
      for (const sha of purged) {
        if (rows(this.db, 'SELECT 1 FROM case_files WHERE sha256 = ?', [sha]).length === 0)
          this.blobs.remove(sha);
      }
    });
  }

  restore(id: string): CaseDocument {
    this.write(() => {
      if (rows(this.db, 'SELECT 1 FROM cases WHERE id = ?', [id]).length === 0) throw notFound(id);
      this.db.run('UPDATE cases SET deleted = NULL WHERE id = ?', [id]);
    });
    return this.get(id);
  }

  /**
   * Adds a case from a bundle under a new id, in one transaction: new run
   * ids (follow-ups re-pointed), the original times and files.
   */
  importCase(document: CaseDocument, files: ReadonlyMap<string, Uint8Array>): CaseDocument {
    const take = (sha: string) => {
      const bytes = files.get(sha);
      if (!bytes) throw new Error(`CaseStore.importCase: the bundle lacks the file ${sha}`);
      return bytes;
    };
    const ids = new Map(document.runs.map((run) => [run.id, randomUUID()]));
    return this.createCase(
      {
        title: document.title,
        notes: document.notes,
        studyContext: document.studyContext,
        images: document.images.map((i) => ({
          name: i.name,
          png: take(i.sha256),
          width: i.width,
          height: i.height,
        })),
        originals: document.originals.map((o) => ({
          name: o.name,
          bytes: take(o.sha256),
          mediaType: o.mediaType,
          deidentified: o.deidentified,
        })),
      },
      document.runs.map((run) => ({
        ...run,
        id: ids.get(run.id),
        followUpOf: run.followUpOf ? (ids.get(run.followUpOf) ?? null) : null,
      })),
    );
  }

  private requireCase(id: string): void {
    if (rows(this.db, 'SELECT 1 FROM cases WHERE id = ? AND deleted IS NULL', [id]).length === 0)
      throw notFound(id);
  }

  private touch(id: string): void {
    this.db.run('UPDATE cases SET updated = ? WHERE id = ?', [new Date().toISOString(), id]);
  }

  private reindex(id: string): void {
    this.db.run('DELETE FROM case_text WHERE case_id = ?', [id]);
    this.db.run(
      `INSERT INTO case_text (case_id, title, notes, questions, answers)
       SELECT c.id, c.title, c.notes,
         coalesce((SELECT group_concat(question, ' ') FROM runs r WHERE r.case_id = c.id), ''),
         coalesce((SELECT group_concat(answer, ' ') FROM runs r WHERE r.case_id = c.id), '')
       FROM cases c WHERE c.id = ?`,
      [id],
    );
  }

  /** Writes the blobs (before the transaction that names them). */
  private putFiles(images: NewCaseImage[], originals: NewCaseOriginal[]) {
    for (const image of images)
      if (image.png.length > MAX_IMAGE_BYTES)
        throw new AppError({
          code: 'case-file-size',
          title: 'The image is too large for a case',
          cause: image.name,
        });
    for (const original of originals)
      if (original.bytes.length > MAX_ORIGINAL_BYTES)
        throw new AppError({
          code: 'case-file-size',
          title: 'The original file is too large for a case',
          cause: original.name,
        });
    return {
      images: images.map((i) => ({ ...i, sha256: this.blobs.put(i.png), size: i.png.length })),
      originals: originals.map((o) => ({
        ...o,
        sha256: this.blobs.put(o.bytes),
        size: o.bytes.length,
      })),
    };
  }

  private insertFiles(caseId: string, files: ReturnType<CaseStore['putFiles']>): void {
    const existing = new Set(
      rows(this.db, 'SELECT role, sha256 FROM case_files WHERE case_id = ?', [caseId]).map(
        (r) => `${String(r.role)}:${String(r.sha256)}`,
      ),
    );
    const next = (role: string) =>
      Number(
        rows(
          this.db,
          'SELECT coalesce(max(position), -1) + 1 AS next FROM case_files WHERE case_id = ? AND role = ?',
          [caseId, role],
        )[0]?.next ?? 0,
      );
    const insert = (
      role: 'image' | 'original',
      f: { sha256: string; name: string; size: number },
      extra: SqlValue[],
    ) => {
      if (existing.has(`${role}:${f.sha256}`)) return;
      existing.add(`${role}:${f.sha256}`);
      this.db.run(
        `INSERT INTO case_files (case_id, role, position, sha256, name, media_type, size, width, height, deidentified)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [caseId, role, next(role), f.sha256, f.name.slice(0, 512), ...extra],
      );
    };
    // A purge in another process may have removed a blob this write found
    // already there (deduplicated) before it took the lock: put it back.
    for (const i of files.images) if (!this.blobs.has(i.sha256)) this.blobs.put(i.png);
    for (const o of files.originals) if (!this.blobs.has(o.sha256)) this.blobs.put(o.bytes);
    for (const i of files.images)
      insert('image', i, ['image/png', i.size, i.width ?? null, i.height ?? null, 0]);
    for (const o of files.originals)
      insert('original', o, [o.mediaType, o.size, null, null, o.deidentified ? 1 : 0]);
  }
}
