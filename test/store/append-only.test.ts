// The store through the real sqlite3 command-line shell, as README users see it: the
// database itself refuses to change or remove events and sessions, or to leave a gap in
// a session, and the documented views show what was appended.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { kindBit, kindLetter, kindName } from "../../src/schema/kinds.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { TempDirs } from "../helpers/tmp.js";

const SQLITE3 = "/usr/bin/sqlite3";
const noShell = !existsSync(SQLITE3);

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

interface ShellResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function sqlite3(file: string, sql: string, json = false): ShellResult {
  const r = spawnSync(SQLITE3, ["-batch", ...(json ? ["-json"] : []), file, sql], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rows of a query through the shell's JSON output mode. */
function query(file: string, sql: string): Record<string, unknown>[] {
  const r = sqlite3(file, sql, true);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.trim() === "" ? [] : (JSON.parse(r.stdout) as Record<string, unknown>[]);
}

/** Everything the store holds, blobs as hex. */
function snapshot(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return {
      sessions: db.prepare("SELECT * FROM sessions ORDER BY id").all(),
      chunks: db.prepare("SELECT *, hex(body) AS body, hex(hash) AS hash FROM chunks ORDER BY id").all(),
    };
  } finally {
    db.close();
  }
}

/** Events of every kind the synthetic mix lacks, to spread through session "a". */
const EXTRA: EventProps[] = [
  { timeNs: 10, agent: { cpu: 0 }, pio: { op: Access.ACCESS_READ, port: 0x60, size: 1, value: 1 } },
  { timeNs: 11, agent: { cpu: 0 }, pio: { op: Access.ACCESS_WRITE, port: 0x64, size: 1, value: 2 } },
  { timeNs: 12, agent: { cpu: 0 }, pciConfig: { op: Access.ACCESS_READ, bdf: 0x20, offset: 0, size: 4, value: 0x10011af4 } },
  { timeNs: 12, agent: { cpu: 0 }, pciConfig: { op: Access.ACCESS_WRITE, bdf: 0x20, offset: 4, size: 2, value: 6 } },
  { timeNs: 13, agent: { host: true }, attach: { id: "virtio-blk@00:04.0", kind: "virtio-blk-pci", pciBdf: 0x20 } },
  { timeNs: 14, agent: { host: true }, marker: { text: "boot" } },
  { timeNs: 15, agent: { cpu: 0 }, memory: { op: Access.ACCESS_READ, addr: 0x7_ffff_ffff_f000, data: new Uint8Array([9, 9]) } },
  { timeNs: 16, agent: { device: "virtio-blk@00:04.0" }, observation: { name: "virtqueue_fill" } },
  { timeNs: 17, agent: { host: true }, detach: { id: "virtio-blk@00:04.0" } },
  { timeNs: 18, agent: { host: true }, machine: { type: "q35", ramSize: 2 ** 31 } },
  { timeNs: 19, agent: { cpu: 0 }, mmio: { op: Access.ACCESS_READ, addr: 0xfeb00000, size: 4, value: 0x74726976 } },
];

function sessionA(): EventProps[] {
  const out = syntheticEvents(700, 31);
  EXTRA.forEach((ev, i) => {
    out.splice(40 + i * 61, 0, ev);
  });
  return out;
}

interface Fixture {
  file: string;
  sessions: { id: number; name: string; events: EventProps[] }[];
}

/** A closed store with sessions "a" and "b" in chunks of 50 events. */
function makeStore(): Fixture {
  const file = tmp.file();
  const store = Store.open(file, { mode: "write", create: true });
  const sessions: Fixture["sessions"] = [];
  for (const [name, events] of [
    ["a", sessionA()],
    ["b", syntheticEvents(130, 32)],
  ] as const) {
    const s = store.createSession({ name, source: `${name}.log`, commandLine: `capture ${name}` });
    const app = store.appender(s, { chunkEvents: 50 });
    for (const ev of events) app.append(ev);
    app.flush();
    sessions.push({ id: s.id, name, events });
  }
  store.close();
  return { file, sessions };
}

const CHUNK_COLUMNS = "session_id, first_seq, count, kinds, kind_mask, body, hash";

const skipReason = noShell ? ` (skipped: no sqlite3 shell at ${SQLITE3})` : "";

describe.skipIf(noShell)(`append-only, enforced by the database${skipReason}`, () => {
  const f = makeStore();
  const original = snapshot(f.file);
  const markerBit = kindBit("K");

  it.each([
    ["updating a chunk's columns", "UPDATE chunks SET kinds = kinds WHERE id = 2", /events are append-only; chunks cannot be updated/],
    ["updating a chunk's body", "UPDATE chunks SET body = zeroblob(8)", /events are append-only; chunks cannot be updated/],
    ["deleting every chunk", "DELETE FROM chunks", /events are append-only; chunks cannot be deleted/],
    [
      "deleting a session's last chunk",
      "DELETE FROM chunks WHERE id = (SELECT max(id) FROM chunks WHERE session_id = 2)",
      /events are append-only; chunks cannot be deleted/,
    ],
    ["renaming a session", "UPDATE sessions SET name = 'renamed' WHERE id = 1", /sessions are append-only; they cannot be updated/],
    ["deleting a session", "DELETE FROM sessions WHERE id = 2", /sessions are append-only; they cannot be deleted/],
    ["deleting every session", "DELETE FROM sessions", /sessions are append-only; they cannot be deleted/],
  ])("refuses %s and changes nothing", (_what, sql, message) => {
    const r = sqlite3(f.file, sql);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(snapshot(f.file)).toEqual(original);
  });

  it.each([
    ["a gap after the session's last event", (next: number) => next + 1],
    ["an overlap with the session's last chunk", (next: number) => next - 1],
    ["a restart of the session at 0", () => 0],
  ])("refuses a chunk that leaves %s", (_what, firstSeq) => {
    const next = f.sessions[0]?.events.length as number;
    const r = sqlite3(f.file, `INSERT INTO chunks (${CHUNK_COLUMNS}) VALUES (1, ${firstSeq(next)}, 1, 'K', ${markerBit}, x'', x'00')`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/a chunk must continue its session without gap or overlap/);
    expect(snapshot(f.file)).toEqual(original);
  });

  it("refuses a first chunk of a new session that does not start at 0", () => {
    const file = tmp.file();
    const store = Store.open(file, { mode: "write", create: true });
    store.createSession({ name: "empty" });
    store.close();
    const r = sqlite3(file, `INSERT INTO chunks (${CHUNK_COLUMNS}) VALUES (1, 1, 1, 'K', ${markerBit}, x'', x'00')`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/without gap or overlap/);
    expect(query(file, "SELECT count(*) AS n FROM chunks")).toEqual([{ n: 0 }]);
  });

  it("accepts a chunk that continues its session densely, which verify then flags as forged", () => {
    const g = makeStore();
    const file = g.file;
    const next = g.sessions[1]?.events.length as number;
    const r = sqlite3(file, `INSERT INTO chunks (${CHUNK_COLUMNS}) VALUES (2, ${next}, 1, 'K', ${markerBit}, x'', x'00')`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const store = Store.open(file, { mode: "read" });
    try {
      expect(store.eventCount(2)).toBe(next + 1);
      const report = verifyStore(store);
      expect(report.ok).toBe(false);
      expect(report.sessions.map((s) => s.damage.map((d) => [d.firstSeq, d.lastSeq]))).toEqual([[], [[next, next]]]);
    } finally {
      store.close();
    }
  });

  it("refuses INSERT OR REPLACE over an existing chunk", () => {
    const g = makeStore();
    const before = snapshot(g.file);
    const next = g.sessions[0]?.events.length as number;
    const r = sqlite3(
      g.file,
      `INSERT OR REPLACE INTO chunks (id, ${CHUNK_COLUMNS}) VALUES (1, 1, ${next}, 1, 'K', ${markerBit}, x'', x'00')`,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("append-only");
    expect(snapshot(g.file)).toEqual(before);
  });

  it("refuses INSERT OR REPLACE over an existing session", () => {
    const g = makeStore();
    const before = snapshot(g.file);
    const r = sqlite3(g.file, "INSERT OR REPLACE INTO sessions (id, name, created) VALUES (1, 'a', '2000-01-01T00:00:00Z')");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("append-only");
    expect(snapshot(g.file)).toEqual(before);
  });
});

describe.skipIf(noShell)(`the documented views, read through the sqlite3 shell${skipReason}`, () => {
  const f = makeStore();
  const store = Store.open(f.file, { mode: "read" });
  const chunks = f.sessions.flatMap((s) => [...store.chunks(s.id)].map((c) => ({ ...c, session: s.name })));
  const summaries = store.sessions();
  store.close();

  it("v_sessions has one row per session with its event and chunk counts and time span", () => {
    const expected = f.sessions.map((s) => {
      const times = s.events.flatMap((e) => (e.timeNs == null ? [] : [e.timeNs]));
      const row = summaries.find((r) => r.id === s.id);
      return {
        id: s.id,
        name: s.name,
        created: row?.created,
        source: `${s.name}.log`,
        command_line: `capture ${s.name}`,
        events: s.events.length,
        chunks: Math.ceil(s.events.length / 50),
        time_first_ns: Math.min(...times),
        time_last_ns: Math.max(...times),
      };
    });
    expect(query(f.file, "SELECT * FROM v_sessions ORDER BY id")).toEqual(expected);
  });

  it("v_chunks has one row per chunk with its seq range, kinds, hex addresses, size and hash", () => {
    const hex = (n: number | null) => (n === null ? null : `0x${n.toString(16)}`);
    const expected = chunks.map((c) => ({
      id: c.id,
      session: c.session,
      first_seq: c.firstSeq,
      last_seq: c.firstSeq + c.count - 1,
      count: c.count,
      kinds: c.kinds,
      addr_min: hex(c.addrMin),
      addr_max: hex(c.addrMax),
      time_min: c.timeMin,
      time_max: c.timeMax,
      body_bytes: c.body.length,
      hash: c.hash.toString("hex").toUpperCase(),
    }));
    expect(expected.length).toBe(Math.ceil(711 / 50) + Math.ceil(130 / 50));
    expect(expected.some((c) => c.addr_max === `0x${(0x7_ffff_ffff_f000 + 1).toString(16)}`)).toBe(true);
    expect(query(f.file, "SELECT * FROM v_chunks ORDER BY id")).toEqual(expected);
  });

  it("v_events has one row per event with its seq, kind and chunk", () => {
    const rows = query(f.file, "SELECT session, seq, kind, chunk_id FROM v_events ORDER BY session_id, seq");
    const expected = f.sessions.flatMap((s) =>
      s.events.map((ev, seq) => ({
        session: s.name,
        seq,
        kind: kindName(kindLetter(ev) ?? "?"),
        chunk_id: chunks.find((c) => c.session === s.name && seq >= c.firstSeq && seq < c.firstSeq + c.count)?.id,
      })),
    );
    expect(rows.length).toBe(711 + 130);
    expect(rows).toEqual(expected);
  });

  it("v_events filtered on session and seq returns just those events", () => {
    const a = f.sessions[0]?.events as EventProps[];
    const rows = query(f.file, "SELECT seq, kind FROM v_events WHERE session = 'a' AND seq BETWEEN 95 AND 105 ORDER BY seq");
    expect(rows).toEqual(a.slice(95, 106).map((ev, i) => ({ seq: 95 + i, kind: kindName(kindLetter(ev) ?? "?") })));
  });

  it("v_kind_counts matches the kinds of the appended events", () => {
    const counts = new Map<string, number>();
    for (const s of f.sessions) {
      for (const ev of s.events) {
        const key = `${s.name}|${kindName(kindLetter(ev) ?? "?")}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const expected = [...counts].map(([key, events]) => {
      const [session, kind] = key.split("|");
      return { session, kind, events };
    });
    const byKey = (x: Record<string, unknown>, y: Record<string, unknown>) =>
      `${x.session}|${x.kind}`.localeCompare(`${y.session}|${y.kind}`);
    // Every kind appears in session "a", upper- and lower-case letters apart.
    expect(expected.filter((r) => r.session === "a").length).toBe(15);
    expect(query(f.file, "SELECT session, kind, events FROM v_kind_counts").sort(byKey)).toEqual(expected.sort(byKey));
  });

  it("v_chunks shows NULL addresses for a chunk without memory or MMIO events", () => {
    const file = tmp.file();
    const s = Store.open(file, { mode: "write", create: true });
    const app = s.appender(s.createSession({ name: "irq" }));
    for (let i = 0; i < 5; i++)
      app.append({ timeNs: i, agent: { device: "d" }, interrupt: { line: 5, action: IrqAction.IRQ_ACTION_PULSE } });
    app.flush();
    s.close();
    expect(query(file, "SELECT addr_min, addr_max FROM v_chunks")).toEqual([{ addr_min: null, addr_max: null }]);
  });
});
