// Parsing of command-line values shared by the verbs: integers in decimal or 0x-hex,
// address ranges, kind lists. Each parser throws a UserError that names the flag.
import { UserError } from "../errors.js";
import { KIND_NAMES, kindMaskOf } from "../schema/kinds.js";

/** A non-negative integer in decimal, 0x-hex or with _ separators. */
export function parseUint(flag: string, text: string): number {
  const t = text.replace(/_/g, "");
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UserError(`${flag}: '${text}' is not a non-negative integer (decimal or 0x-hex)`);
  return n;
}

/** "LO-HI" (inclusive), "LO+LEN" or a single address. */
export function parseAddrRange(flag: string, text: string): { lo: number; hi: number } {
  const plus = text.split("+");
  if (plus.length === 2) {
    const lo = parseUint(flag, plus[0] as string);
    const len = parseUint(flag, plus[1] as string);
    if (len === 0) throw new UserError(`${flag}: '${text}' is an empty range`);
    return { lo, hi: lo + len - 1 };
  }
  const dash = text.split("-");
  if (dash.length === 2) {
    const lo = parseUint(flag, dash[0] as string);
    const hi = parseUint(flag, dash[1] as string);
    if (hi < lo) throw new UserError(`${flag}: '${text}' ends before it starts`);
    return { lo, hi };
  }
  const a = parseUint(flag, text);
  return { lo: a, hi: a };
}

/** A comma-separated list of kind names or families; returns the kind mask. */
export function parseKinds(flag: string, text: string): number {
  let mask = 0;
  for (const word of text.split(",")) {
    const m = kindMaskOf(word.trim());
    if (m === undefined) {
      throw new UserError(
        `${flag}: '${word}' is not an event kind; use one of ${KIND_NAMES.join(", ")}, a family (mmio, pio, pci-cfg, mem) or topology`,
      );
    }
    mask |= m;
  }
  return mask;
}

/** --from / --to as a seq range (both inclusive, both optional). */
export function parseSeqRange(opts: { from?: string; to?: string }): { from?: number; to?: number } {
  const range: { from?: number; to?: number } = {};
  if (opts.from !== undefined) range.from = parseUint("--from", opts.from);
  if (opts.to !== undefined) range.to = parseUint("--to", opts.to);
  if (range.from !== undefined && range.to !== undefined && range.to < range.from) throw new UserError("--to is before --from");
  return range;
}
