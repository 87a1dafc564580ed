// devtape events FILE: list a session's events, filtered by seq range, kind, agent,
// device and guest-physical address range. Chunks that cannot match are skipped by
// their summaries; the rest are decoded and filtered event by event.
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { eventToJson } from "../schema/json.js";
import { kindBit, kindLetter } from "../schema/kinds.js";
import type { DecodedEvent } from "../schema/proto.js";
import type { ChunkFilter, SessionRow, Store } from "../store/store.js";
import { parseAddrRange, parseKinds, parseSeqRange, parseUint } from "./args.js";
import { openForRead, withStore } from "./common.js";
import { formatAgent, formatEvent } from "./format-event.js";

interface EventsOptions {
  session?: string;
  from?: string;
  to?: string;
  kind?: string;
  agent?: string;
  device?: string;
  addr?: string;
  limit?: string;
  json?: boolean;
}

type Predicate = (ev: DecodedEvent) => boolean;

/** The test of --device: the device's own events, its attach/detach, and accesses to its fixed window or config space. */
function devicePredicate(store: Store, s: SessionRow, id: string): Predicate {
  const windows: { lo: number; hi: number }[] = [];
  const bdfs = new Set<number>();
  let known = false;
  for (const ev of store.events(s.id, { kindMask: kindBit("A") })) {
    const a = ev.attach;
    if (a?.id !== id) continue;
    known = true;
    if (a.mmioBase != null && a.mmioSize) windows.push({ lo: a.mmioBase, hi: a.mmioBase + a.mmioSize - 1 });
    if (a.pciBdf != null) bdfs.add(a.pciBdf);
  }
  if (!known) throw new UserError(`--device: session '${s.name}' attaches no device '${id}' (devtape info lists its devices)`);
  return (ev) => {
    if (ev.agent?.device === id || ev.attach?.id === id || ev.detach?.id === id) return true;
    if (ev.mmio != null) {
      const addr = ev.mmio.addr ?? 0;
      return windows.some((w) => addr >= w.lo && addr <= w.hi);
    }
    return ev.pciConfig != null && bdfs.has(ev.pciConfig.bdf ?? 0);
  };
}

function eventRange(ev: DecodedEvent): { lo: number; hi: number } | undefined {
  if (ev.mmio != null) return { lo: ev.mmio.addr ?? 0, hi: (ev.mmio.addr ?? 0) + (ev.mmio.size ?? 1) - 1 };
  if (ev.memory != null) {
    const len = ev.memory.data?.length || ev.memory.fillLength || 1;
    return { lo: ev.memory.addr ?? 0, hi: (ev.memory.addr ?? 0) + len - 1 };
  }
  return undefined;
}

export function registerEvents(program: Command): void {
  program
    .command("events")
    .description("list a session's events, filtered")
    .argument("<file>", "a .devtape store")
    .option("--session <name>", "session name or id (default: the only session)")
    .option("--from <seq>", "first seq (inclusive)")
    .option("--to <seq>", "last seq (inclusive)")
    .option(
      "--kind <kinds>",
      "comma-separated kinds or families: mmio, mmio-read, mem-write, pio, pci-cfg, barrier, interrupt, observation, topology, marker, …",
    )
    .option("--agent <agent>", "who performed it: cpuN, host, or a device id")
    .option("--device <id>", "events of one device: its own, and accesses to its registers")
    .option("--addr <range>", "guest-physical addresses: LO-HI, LO+LEN or one address (decimal or 0x-hex)")
    .option("--limit <n>", "print at most n events")
    .option("--json", "one event per line in canonical protobuf JSON (as export jsonl)")
    .action(async (file: string, opts: EventsOptions) => {
      const filter: ChunkFilter = parseSeqRange(opts);
      const tests: Predicate[] = [];
      if (opts.kind !== undefined) {
        const mask = parseKinds("--kind", opts.kind);
        filter.kindMask = mask;
        tests.push((ev) => (kindBit(kindLetter(ev) ?? "") & mask) !== 0);
      }
      if (opts.addr !== undefined) {
        const { lo, hi } = parseAddrRange("--addr", opts.addr);
        filter.addrMin = lo;
        filter.addrMax = hi;
        tests.push((ev) => {
          const r = eventRange(ev);
          return r !== undefined && r.hi >= lo && r.lo <= hi;
        });
      }
      if (opts.agent !== undefined) {
        const want = opts.agent;
        tests.push((ev) => formatAgent(ev.agent) === want);
      }
      const limit = opts.limit !== undefined ? parseUint("--limit", opts.limit) : Number.POSITIVE_INFINITY;
      await withStore(openForRead(file), async (store) => {
        const session = store.session(opts.session);
        if (opts.device !== undefined) tests.push(devicePredicate(store, session, opts.device));
        const inputs = JSON.parse(session.inputs) as string[];
        let printed = 0;
        let buf = "";
        for (const ev of store.events(session.id, filter)) {
          if (printed >= limit) break;
          if (!tests.every((t) => t(ev))) continue;
          buf += `${opts.json ? eventToJson(ev) : formatEvent(ev, inputs)}\n`;
          printed++;
          if (buf.length > 1 << 16) {
            process.stdout.write(buf);
            buf = "";
          }
        }
        process.stdout.write(buf);
      });
    });
}
