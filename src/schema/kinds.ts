// Event kinds: the payload of an event, split by direction for accesses. Each kind has
// a one-letter code (the store keeps one letter per event so that counts and filters
// need no decoding, and so that SQL can see kinds) and a bit in a kind mask.
import { Access, type EventProps } from "./proto.js";

export const KINDS = [
  { letter: "m", name: "mmio-read" },
  { letter: "M", name: "mmio-write" },
  { letter: "p", name: "pio-read" },
  { letter: "P", name: "pio-write" },
  { letter: "c", name: "pci-cfg-read" },
  { letter: "C", name: "pci-cfg-write" },
  { letter: "g", name: "mem-read" },
  { letter: "G", name: "mem-write" },
  { letter: "B", name: "barrier" },
  { letter: "I", name: "interrupt" },
  { letter: "O", name: "observation" },
  { letter: "A", name: "attach" },
  { letter: "D", name: "detach" },
  { letter: "T", name: "machine" },
  { letter: "K", name: "marker" },
] as const;

export type KindName = (typeof KINDS)[number]["name"];
export type KindLetter = (typeof KINDS)[number]["letter"];

const bitOfCode: number[] = new Array(128).fill(0);
KINDS.forEach((k, i) => {
  bitOfCode[k.letter.charCodeAt(0)] = 1 << i;
});
const nameOfLetter = new Map<string, KindName>(KINDS.map((k) => [k.letter, k.name]));

/** The kind letter of an event, or undefined when it has no payload. */
export function kindLetter(ev: EventProps): KindLetter | undefined {
  if (ev.mmio != null) return ev.mmio.op === Access.ACCESS_WRITE ? "M" : "m";
  if (ev.memory != null) return ev.memory.op === Access.ACCESS_WRITE ? "G" : "g";
  if (ev.interrupt != null) return "I";
  if (ev.barrier != null) return "B";
  if (ev.pio != null) return ev.pio.op === Access.ACCESS_WRITE ? "P" : "p";
  if (ev.pciConfig != null) return ev.pciConfig.op === Access.ACCESS_WRITE ? "C" : "c";
  if (ev.observation != null) return "O";
  if (ev.attach != null) return "A";
  if (ev.detach != null) return "D";
  if (ev.machine != null) return "T";
  if (ev.marker != null) return "K";
  return undefined;
}

export function kindBit(letter: string): number {
  return bitOfCode[letter.charCodeAt(0)] ?? 0;
}

/** kindBit of a letter given as its character code. */
export function kindBitOfCode(code: number): number {
  return bitOfCode[code] ?? 0;
}

export function kindName(letter: string): KindName | undefined {
  return nameOfLetter.get(letter);
}

/**
 * Resolves a user's kind filter: a kind name ("mmio-write"), a family ("mmio" = both
 * directions, "mem", "pio", "pci-cfg") or "topology" (attach, detach, machine).
 * Returns the kind mask, or undefined when the word names no kind.
 */
export function kindMaskOf(word: string): number | undefined {
  const w = word.toLowerCase();
  let mask = 0;
  for (const k of KINDS) {
    const family = k.name.replace(/-(read|write)$/, "");
    const topology = w === "topology" && (k.letter === "A" || k.letter === "D" || k.letter === "T");
    if (k.name === w || family === w || topology) mask |= kindBit(k.letter);
  }
  return mask === 0 ? undefined : mask;
}

export const KIND_NAMES: readonly string[] = KINDS.map((k) => k.name);
