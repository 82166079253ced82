import type { Database } from 'sql.js';

/**
 * The store's schema, one migration per version, applied in order inside the
 * opening transaction. Never edit a released migration: add the next one.
 * Version 2 adds full-text search (FTS4: the sql.js build has FTS3/FTS4 but
 * not FTS5 — `sqlite_compileoption_used('ENABLE_FTS5')` is 0 in sql.js 1.13).
 */
export const MIGRATIONS: readonly ((db: Database) => void)[] = [
  (db) => {
    db.run(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        study_context TEXT,
        deleted TEXT
      );
      CREATE TABLE case_files (
        case_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('image', 'original')),
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        deidentified INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (case_id, role, position)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        created TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        specialty TEXT NOT NULL,
        model TEXT NOT NULL,
        follow_up_of TEXT,
        document TEXT NOT NULL
      );
      CREATE INDEX runs_by_case ON runs (case_id, position);
      CREATE INDEX cases_by_updated ON cases (updated);
    `);
  },
  (db) => {
    db.run(`
      CREATE VIRTUAL TABLE case_text USING fts4(
        case_id, title, notes, questions, answers,
        notindexed=case_id, tokenize=unicode61
      );
      INSERT INTO case_text (case_id, title, notes, questions, answers)
        SELECT c.id, c.title, c.notes,
          coalesce((SELECT group_concat(question, ' ') FROM runs r WHERE r.case_id = c.id), ''),
          coalesce((SELECT group_concat(answer, ' ') FROM runs r WHERE r.case_id = c.id), '')
        FROM cases c;
    `);
  },
];

export const STORE_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version a database file declares (0 for a new, empty one). */
export function storedSchemaVersion(db: Database): number {
  const table = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (table.length === 0) return 0;
  const row = db.exec("SELECT value FROM meta WHERE key = 'schema_version'");
  return Number(row[0]?.values[0]?.[0] ?? 0);
}

/** Applies the migrations after `from` up to `to` (inside the caller's transaction). */
export function migrate(db: Database, from: number, to: number = STORE_SCHEMA_VERSION): void {
  for (let version = from + 1; version <= to; version++) {
    MIGRATIONS[version - 1]!(db);
    db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", [
      String(version),
    ]);
  }
}
