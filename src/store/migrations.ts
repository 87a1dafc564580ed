// The store's SQL schema as numbered migrations. `PRAGMA user_version` holds the number of
// the last one applied; a migration is never edited once released, only followed by a new
// one. Every statement here is documented for users of the sqlite3 shell in README.md.
import { KINDS } from "../schema/kinds.js";

/** The most events a chunk may hold; views enumerate event positions up to this. */
export const MAX_CHUNK_EVENTS = 4096;

const kindValues = KINDS.map((k) => `('${k.letter}', '${k.name}')`).join(", ");

const V1 = `
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  created      TEXT NOT NULL,               -- ISO-8601 UTC
  source       TEXT NOT NULL DEFAULT '',    -- what the capture came from
  command_line TEXT NOT NULL DEFAULT '',    -- how it was captured
  inputs       TEXT NOT NULL DEFAULT '[]'   -- JSON list of input files; Event.source.file indexes it
);

-- Events, packed: a chunk holds events first_seq .. first_seq+count-1 of one session as
-- one devtape.v1.Chunk protobuf (proto/devtape/v1/store.proto), with summaries that let
-- readers skip chunks without decoding them.
CREATE TABLE chunks (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  first_seq  INTEGER NOT NULL CHECK (first_seq >= 0),
  count      INTEGER NOT NULL CHECK (count BETWEEN 1 AND ${MAX_CHUNK_EVENTS}),
  kinds      TEXT NOT NULL CHECK (length(kinds) = count),  -- one kind letter per event (table kinds)
  kind_mask  INTEGER NOT NULL,              -- OR of the kinds' bits
  addr_min   INTEGER,                       -- lowest guest-physical address touched by mmio/memory events
  addr_max   INTEGER,                       -- highest (inclusive); both NULL when none
  time_min   INTEGER,                       -- earliest time_ns; NULL when no event has a time
  time_max   INTEGER,
  body       BLOB NOT NULL,
  hash       BLOB NOT NULL,                 -- SHA-256 link of the session's hash chain
  UNIQUE (session_id, first_seq)
);

CREATE TABLE checkpoints (
  session_id    INTEGER NOT NULL REFERENCES sessions(id),
  model_version INTEGER NOT NULL,           -- reducer version that wrote the snapshot
  seq           INTEGER NOT NULL,           -- the state after applying events 0..seq
  state         BLOB NOT NULL,              -- canonical state encoding
  state_hash    BLOB NOT NULL,
  PRIMARY KEY (session_id, model_version, seq)
) WITHOUT ROWID;

CREATE TABLE kinds (letter TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE) WITHOUT ROWID;
INSERT INTO kinds VALUES ${kindValues};

-- Append-only, enforced by the database itself.
CREATE TRIGGER chunks_no_update BEFORE UPDATE ON chunks
BEGIN SELECT RAISE(ABORT, 'devtape: events are append-only; chunks cannot be updated'); END;
CREATE TRIGGER chunks_no_delete BEFORE DELETE ON chunks
BEGIN SELECT RAISE(ABORT, 'devtape: events are append-only; chunks cannot be deleted'); END;
CREATE TRIGGER sessions_no_update BEFORE UPDATE ON sessions
BEGIN SELECT RAISE(ABORT, 'devtape: sessions are append-only; they cannot be updated'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'devtape: sessions are append-only; they cannot be deleted'); END;
-- INSERT OR REPLACE would delete the row it replaces without firing the DELETE triggers.
CREATE TRIGGER chunks_no_replace BEFORE INSERT ON chunks
WHEN EXISTS (SELECT 1 FROM chunks c WHERE c.id = NEW.id OR (c.session_id = NEW.session_id AND c.first_seq = NEW.first_seq))
BEGIN SELECT RAISE(ABORT, 'devtape: events are append-only; chunks cannot be replaced'); END;
CREATE TRIGGER sessions_no_replace BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM sessions s WHERE s.id = NEW.id OR s.name = NEW.name)
BEGIN SELECT RAISE(ABORT, 'devtape: sessions are append-only; they cannot be replaced'); END;
-- Dense sequence numbers: a chunk continues its session exactly where the last one ended.
CREATE TRIGGER chunks_dense BEFORE INSERT ON chunks
WHEN NEW.first_seq IS NOT coalesce(
  (SELECT c.first_seq + c.count FROM chunks c WHERE c.session_id = NEW.session_id ORDER BY c.first_seq DESC LIMIT 1), 0)
BEGIN SELECT RAISE(ABORT, 'devtape: a chunk must continue its session without gap or overlap'); END;

CREATE VIEW v_sessions AS
SELECT s.id, s.name, s.created, s.source, s.command_line,
       coalesce(sum(c.count), 0) AS events, count(c.id) AS chunks,
       min(c.time_min) AS time_first_ns, max(c.time_max) AS time_last_ns
FROM sessions s LEFT JOIN chunks c ON c.session_id = s.id
GROUP BY s.id;

CREATE VIEW v_chunks AS
SELECT c.id, s.name AS session, c.first_seq, c.first_seq + c.count - 1 AS last_seq, c.count,
       c.kinds,
       CASE WHEN c.addr_min IS NULL THEN NULL ELSE printf('0x%x', c.addr_min) END AS addr_min,
       CASE WHEN c.addr_max IS NULL THEN NULL ELSE printf('0x%x', c.addr_max) END AS addr_max,
       c.time_min, c.time_max, length(c.body) AS body_bytes, hex(c.hash) AS hash
FROM chunks c JOIN sessions s ON s.id = c.session_id;

-- One row per event: session, seq and kind (payloads: devtape events FILE --json).
-- It enumerates every chunk it is not filtered away from: filter on session and seq.
CREATE VIEW v_events AS
WITH RECURSIVE pos(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM pos WHERE i < ${MAX_CHUNK_EVENTS - 1})
SELECT s.name AS session, c.session_id, c.first_seq + pos.i AS seq, k.name AS kind, c.id AS chunk_id
FROM chunks c JOIN sessions s ON s.id = c.session_id
JOIN pos ON pos.i < c.count
JOIN kinds k ON k.letter = substr(c.kinds, pos.i + 1, 1);

CREATE VIEW v_kind_counts AS
SELECT s.name AS session, k.name AS kind,
       sum(length(c.kinds) - length(replace(c.kinds, k.letter, ''))) AS events
FROM chunks c JOIN sessions s ON s.id = c.session_id CROSS JOIN kinds k
WHERE instr(c.kinds, k.letter) > 0
GROUP BY s.id, k.letter;
`;

// What an import reported about its session beyond the events (the lines it read, the
// malformed lines it skipped and why): one JSON value per key, written when the session is
// complete, append-only like the rest (not covered by the hash chain).
const V2 = `
CREATE TABLE session_notes (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,                 -- JSON
  PRIMARY KEY (session_id, key)
);
CREATE TRIGGER session_notes_no_update BEFORE UPDATE ON session_notes
BEGIN SELECT RAISE(ABORT, 'devtape: session notes are append-only; they cannot be changed'); END;
CREATE TRIGGER session_notes_no_delete BEFORE DELETE ON session_notes
BEGIN SELECT RAISE(ABORT, 'devtape: session notes are append-only; they cannot be deleted'); END;
CREATE TRIGGER session_notes_no_replace BEFORE INSERT ON session_notes
WHEN EXISTS (SELECT 1 FROM session_notes n WHERE n.session_id = NEW.session_id AND n.key = NEW.key)
BEGIN SELECT RAISE(ABORT, 'devtape: session notes are append-only; they cannot be replaced'); END;
`;

/** Migration n (1-based) is MIGRATIONS[n - 1]. */
export const MIGRATIONS: readonly string[] = [V1, V2];
export const SCHEMA_VERSION = MIGRATIONS.length;
/** PRAGMA application_id of a devtape store: "dvtp". */
export const APPLICATION_ID = 0x64767470;
