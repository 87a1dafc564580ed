// A trace point's byte scanner: the scan plan of its format (format.ts: literal text and
// conversions, in order) compiled into a JavaScript function that reads a line's arguments
// straight from its bytes.
//
// How: each step of the plan becomes straight-line code with its constants written in. A
// literal is compared four bytes at a time (a DataView of the buffer) and then byte by byte;
// a number's digits are turned into its value as they are read, then converted as its
// argument's type says (readInt, convert: the expression's arithmetic); a %s ends at the end
// of the line, where the closing literal begins, or at the first occurrence of the literal
// after it, and its text comes from a few texts the step read lately (RecentTexts) when it is
// one of them; a pointer is its pointerKey. Wherever the scanner's reading could differ from
// the regular expression's, it gives undefined and the expression decides (format.ts says
// which plans are scannable at all).
//
// Why compiled: walking a list of steps costs more than the reading itself (each step's kind
// and fields loaded and dispatched on, per line); the compiled function does only the reading,
// about three times faster on the access lines that make most of a log.
import type { ArgValue, ValueKind } from "./format.js";

/** How a printed number reads back. */
export const enum Read {
  Dec,
  Hex,
  Oct,
  Ptr,
  Str,
}

export interface Conversion {
  read: Read;
  /** The argument's kind: its declaration's, or the conversion's when the declaration does not say. */
  kind: ValueKind;
  bits: number;
  /** The conversion prints without a sign (%u, %x, %o): a signed argument reads back two's complement. */
  unsignedConv: boolean;
  /** Strip the padding of a right-justified %Ns. */
  trim: boolean;
}

/** The characters a conversion's text is made of, for the scanner. */
export const enum Chars {
  /** `[-+]?\d+` */
  SignedDec,
  /** `\d+` */
  Dec,
  /** `[0-9a-f]+` */
  Hex,
  /** `[0-9A-F]+` */
  HexUpper,
  /** `[0-7]+` */
  Oct,
  /** `0x[0-9a-f]+` or `(nil)` */
  Ptr,
  /** `.*?` */
  Str,
  /** `.` */
  Char,
}

/** The padding the expression allows before a number: none, ` ?` or ` *`. */
export const enum Pad {
  None,
  Space,
  Spaces,
}

/** A step of the scanner: literal text, or a conversion (by index) and its characters. */
export type Step = string | { conv: number; chars: Chars; pad: Pad };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function narrow(b: bigint): number | bigint {
  return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b;
}

/** An integer group as a number, or a bigint beyond 2^53. */
export function readInt(text: string, read: Read): number | bigint {
  if (read === Read.Hex) return text.length <= 13 ? Number.parseInt(text, 16) : narrow(BigInt(`0x${text}`));
  if (read === Read.Oct) return text.length <= 17 ? Number.parseInt(text, 8) : narrow(BigInt(`0o${text}`));
  return text.length <= 15 ? Number(text) : narrow(BigInt(text));
}

/** C's conversion of a printed integer back to the argument's type: wrap negatives of unsigned types, reinterpret large values of signed ones. */
export function convert(v: number | bigint, c: Conversion): number | bigint {
  const bits = c.bits > 0 && c.bits <= 64 ? c.bits : 64;
  if (c.kind === "uint") return v < 0 ? narrow(BigInt(v) + (1n << BigInt(bits))) : v;
  if (c.kind === "int" && c.unsignedConv) {
    if (typeof v === "number" && bits < 53) return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
    const b = BigInt(v);
    return b >= 1n << BigInt(bits - 1) ? narrow(b - (1n << BigInt(bits))) : v;
  }
  return v;
}

/** A pointer printed as a number, in %p's form ("(nil)" for NULL). */
export function pointerText(text: string, read: Read): string {
  const n = read === Read.Dec ? BigInt(text) : read === Read.Oct ? BigInt(`0o${text}`) : BigInt(`0x${text}`);
  return n === 0n ? "(nil)" : `0x${n.toString(16)}`;
}

/** The text of ASCII bytes buf[from, to). */
export function asciiText(buf: Uint8Array, from: number, to: number): string {
  return (buf as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);
}

/**
 * The strings a %s of one trace point read lately (a few, the most used first): text read
 * again comes back as the same string, compared in place rather than made anew (a register
 * region's name is on every access line), which also lets the mapper compare it by identity.
 */
class RecentTexts {
  private readonly texts: string[] = [];
  private readonly bytes: Uint8Array[] = [];
  private next = 0;

  /** The text of the ASCII bytes buf[from, to). */
  get(buf: Uint8Array, from: number, to: number): string {
    const n = to - from;
    if (n > RECENT_TEXT_MAX) return asciiText(buf, from, to);
    const texts = this.texts;
    const all = this.bytes;
    for (let i = 0; i < all.length; i++) {
      const b = all[i] as Uint8Array;
      if (b.length !== n) continue;
      let k = 0;
      while (k < n && buf[from + k] === b[k]) k++;
      if (k < n) continue;
      const text = texts[i] as string;
      if (i > 0) {
        // (one place forward: the texts read most stay first)
        texts[i] = texts[i - 1] as string;
        all[i] = all[i - 1] as Uint8Array;
        texts[i - 1] = text;
        all[i - 1] = b;
      }
      return text;
    }
    const text = asciiText(buf, from, to);
    const copy = new Uint8Array(n);
    for (let k = 0; k < n; k++) copy[k] = buf[from + k] as number;
    // (a new text takes the place after the most used ones, in turn)
    const at = all.length < RECENT_TEXTS ? all.length : RECENT_TEXTS / 2 + (this.next++ % (RECENT_TEXTS / 2));
    texts[at] = text;
    all[at] = copy;
    return text;
  }
}

const RECENT_TEXTS = 8;
/** Longer texts are made anew each time. */
const RECENT_TEXT_MAX = 64;

/** The DataView of the last buffer scanned. */
let viewed: Uint8Array | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

function viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== viewed) {
    viewed = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view;
}

/** The first occurrence of `lit` (char codes, at least one) in buf[from, to), or -1. */
function literalIndex(buf: Uint8Array, from: number, to: number, lit: readonly number[]): number {
  const first = lit[0] as number;
  const last = to - lit.length;
  for (let at = from; at <= last; at++) {
    if (buf[at] !== first) continue;
    let k = 1;
    while (k < lit.length && buf[at + k] === lit[k]) k++;
    if (k === lit.length) return at;
  }
  return -1;
}

/** A scanner: the arguments of the ASCII bytes buf[from, to), or undefined when only the expression can tell. */
export type Scanner = (buf: Uint8Array, from: number, to: number) => ArgValue[] | undefined;

/** A literal's character codes (a character that is not ASCII becomes 0x100, which no byte is). */
function codesOf(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => Math.min(text.charCodeAt(i), 0x100));
}

/** The code that compares the literal `codes` at buf[at] (`at` an expression), returning undefined when they differ. */
function literalCode(codes: readonly number[], at: string): string {
  if (codes.some((c) => c > 0xff)) return "return undefined;";
  const out: string[] = [];
  let i = 0;
  for (; i + 4 <= codes.length; i += 4) {
    const [a, b, c, d] = codes.slice(i, i + 4) as [number, number, number, number];
    out.push(`if (view.getUint32(${at} + ${i}, true) !== ${(a | (b << 8) | (c << 16) | (d << 24)) >>> 0}) return undefined;`);
  }
  for (; i < codes.length; i++) out.push(`if (buf[${at} + ${i}] !== ${codes[i]}) return undefined;`);
  return out.join("\n");
}

/** The loop that reads digits of the given characters from p on, their value into n. */
function digitsCode(chars: Chars): string {
  switch (chars) {
    case Chars.Hex:
      return "for (n = 0; p < to; p++) { c = buf[p]; if (c >= 48 && c <= 57) n = n * 16 + (c - 48); else if (c >= 97 && c <= 102) n = n * 16 + (c - 87); else break; }";
    case Chars.HexUpper:
      return "for (n = 0; p < to; p++) { c = buf[p]; if (c >= 48 && c <= 57) n = n * 16 + (c - 48); else if (c >= 65 && c <= 70) n = n * 16 + (c - 55); else break; }";
    case Chars.Oct:
      return "for (n = 0; p < to; p++) { c = buf[p]; if (c < 48 || c > 55) break; n = n * 8 + (c - 48); }";
    default:
      return "for (n = 0; p < to; p++) { c = buf[p]; if (c < 48 || c > 57) break; n = n * 10 + (c - 48); }";
  }
}

/**
 * Compiles a scannable plan (format.ts) for the conversions `convs` (one per conversion step,
 * in order) into its scanner.
 */
export function compileScanner(plan: readonly Step[], convs: readonly Conversion[]): Scanner {
  /** Values the code refers to by name (e0, e1, …): conversions, texts, literals searched for. */
  const env: unknown[] = [];
  const ref = (v: unknown): string => {
    env.push(v);
    return `e${env.length - 1}`;
  };
  const code: string[] = ["const view = viewOf(buf);", "let p = from, c = 0, n = 0;"];
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i] as Step;
    if (typeof step === "string") {
      const codes = codesOf(step);
      code.push(`if (p + ${codes.length} > to) return undefined;`, literalCode(codes, "p"), `p += ${codes.length};`);
      continue;
    }
    const next = plan[i + 1];
    const conv = convs[step.conv] as Conversion;
    const v = `v${step.conv}`;
    if (step.chars === Chars.Str) {
      let end: string;
      if (next === undefined) end = "const e = to;";
      else if (i + 2 === plan.length) {
        // the closing literal ends the line
        const codes = codesOf(next as string);
        end = `const e = to - ${codes.length}; if (e < p) return undefined;\n${literalCode(codes, "e")}`;
      } else end = `const e = literalIndex(buf, p, to, ${ref(codesOf(next as string))}); if (e < 0) return undefined;`;
      const text = `${ref(new RecentTexts())}.get(buf, p, e)`;
      code.push(`{ ${end}\n${v} = ${conv.trim ? `${text}.trimStart()` : text}; p = e; }`);
      continue;
    }
    if (step.chars === Chars.Char) {
      code.push(`if (p >= to) return undefined; ${v} = String.fromCharCode(buf[p]); p++;`);
      continue;
    }
    if (step.pad === Pad.Spaces) code.push("while (p < to && buf[p] === 32) p++;");
    else if (step.pad === Pad.Space) code.push("if (p < to && buf[p] === 32) p++;");
    if (step.chars === Chars.Ptr) {
      // "(nil)", or 0x and hex digits: its pointerKey (canonical pointers as numbers)
      code.push(
        `{ const start = p;
        if (p + 5 <= to && buf[p] === 40 && buf[p + 1] === 110 && buf[p + 2] === 105 && buf[p + 3] === 108 && buf[p + 4] === 41) { ${v} = "(nil)"; p += 5; }
        else {
          if (p + 1 >= to || buf[p] !== 48 || buf[p + 1] !== 120) return undefined;
          p += 2;
          ${digitsCode(Chars.Hex)}
          const d = p - start - 2;
          if (d === 0) return undefined;
          ${v} = d <= 13 && buf[start + 2] !== 48 ? n : asciiText(buf, start, p);
        } }`,
      );
      continue;
    }
    const lines = ["{ const start = p;"];
    if (step.chars === Chars.SignedDec) lines.push("if (p < to && (buf[p] === 45 || buf[p] === 43)) p++;");
    lines.push("const d0 = p;", digitsCode(step.chars), "if (p === d0) return undefined;");
    if (conv.kind === "ptr") {
      // a pointer printed as a number: its text in %p's form
      lines.push(`${v} = pointerText(asciiText(buf, start, p), ${conv.read}); }`);
      code.push(lines.join("\n"));
      continue;
    }
    // (the same arithmetic as readInt on the digits' text, without the text)
    const len = "p - start";
    if (step.chars === Chars.Hex || step.chars === Chars.HexUpper)
      lines.push(`const v = ${len} <= 13 ? n : readInt(asciiText(buf, start, p), ${Read.Hex});`);
    else if (step.chars === Chars.Oct) lines.push(`const v = ${len} <= 17 ? n : readInt(asciiText(buf, start, p), ${Read.Oct});`);
    else lines.push(`const v = ${len} <= 15 ? (buf[start] === 45 ? -n : n) : readInt(asciiText(buf, start, p), ${Read.Dec});`);
    const bits = conv.bits > 0 && conv.bits <= 64 ? conv.bits : 64;
    if (conv.kind === "uint") lines.push(`${v} = v >= 0 ? v : convert(v, ${ref(conv)});`);
    else if (!conv.unsignedConv) lines.push(`${v} = v;`);
    else if (conv.kind === "int" && bits < 53)
      lines.push(`${v} = typeof v === "number" ? (v >= ${2 ** (bits - 1)} ? v - ${2 ** bits} : v) : convert(v, ${ref(conv)});`);
    else lines.push(`${v} = convert(v, ${ref(conv)});`);
    lines.push("}");
    code.push(lines.join("\n"));
  }
  const values = convs.map((_, k) => `v${k}`);
  code.push("if (p !== to) return undefined;", `return [${values.join(", ")}];`);
  const body = `${values.length > 0 ? `let ${values.join(", ")};\n` : ""}${code.join("\n")}`;
  const helpers = { viewOf, asciiText, readInt, convert, pointerText, literalIndex };
  const names = [...Object.keys(helpers), ...env.map((_, k) => `e${k}`)];
  // (the code holds numbers and names only: nothing of the format's text is pasted into it)
  const make = new Function(...names, `return function scan(buf, from, to) {\n${body}\n};`) as (...args: unknown[]) => Scanner;
  return make(...Object.values(helpers), ...env);
}
