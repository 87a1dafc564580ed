// A QEMU trace point's printf-style format, compiled once into a matcher that reads the
// arguments back out of a line the `log` trace backend wrote, typed by their C declaration.
//
// QEMU's log backend prints `name ` + format (with PRIx64 and friends expanded) + "\n".
// The matcher is one anchored regular expression with a group per conversion, and a table
// saying how each group becomes a typed value: integers (decimal, hex, octal; signed or
// unsigned as the argument is declared, so a uint32_t printed with %d reads back as the
// unsigned value), pointers (%p: hex or glibc's "(nil)", kept as text for the caller to
// replace with stable ids), strings (%s, %c). Integers beyond 2^53 stay
// exact as bigint. Formats the matcher cannot read back (floating point, `*` widths, a
// conversion count that differs from the argument count) are reported as unreadable: their
// lines are still recognised, and keep their text whole.
//
// The regular expression is the definition; a line is first read by a scanner compiled from
// the same format (literal text compared in place, digits turned into numbers as they are
// read, no substrings but the strings and pointers kept), which answers only where its answer
// is provably the expression's: each number's digits end where the next literal starts with a
// character no digit can be, a %s ends at the first occurrence of the literal after it (the
// lazy group's first choice) or, last, where the format's closing literal ends the line.
// Formats where greed or backtracking could choose otherwise (a conversion right after
// another, %#x, %-s) use the expression only; a line the scanner cannot read goes to the
// expression too, which also decides that it does not match.

/** How a C argument type reads back. `auto` (an enum or typedef): as its conversion says. */
export type ArgKind = "int" | "uint" | "ptr" | "str" | "auto";

export interface ArgDecl {
  /** The C type as declared, e.g. "uint64_t" or "const char *". */
  ctype: string;
  name: string;
  kind: ArgKind;
  /** Width of an integer type in bits (32 when unknown). */
  bits: number;
}

/**
 * A typed argument value: integers as number (or bigint beyond 2^53), strings, and pointers as
 * %p prints them ("0x" and lower-case hex, "(nil)" for NULL; a pointer printed as a number is
 * rewritten to that form), or, from the byte reader, possibly as their pointerKey.
 */
export type ArgValue = number | bigint | string;

/** Whether a pointer (as ArgValue holds it) is NULL. */
export function isNull(pointer: string | number): boolean {
  return pointer === "(nil)" || pointer === "0x0" || pointer === "0";
}

/**
 * A pointer as the importer keys it: the text %p prints, except that a canonical one ("0x", no
 * leading zero, at most 13 hex digits: every real host pointer) is its value as a number, the
 * form the byte reader (matchBytes) gives it in without making a string. Two pointers are the
 * same pointer exactly when their keys are equal, whichever reader read them.
 */
export function pointerKey(p: ArgValue): string | number {
  if (typeof p !== "string") return p as number;
  const n = p.length;
  if (n < 3 || n > 15 || p.charCodeAt(0) !== 48 || p.charCodeAt(1) !== 120 || p.charCodeAt(2) === 48) return p;
  let v = 0;
  for (let i = 2; i < n; i++) {
    const c = p.charCodeAt(i);
    if (c >= 48 && c <= 57) v = v * 16 + (c - 48);
    else if (c >= 97 && c <= 102) v = v * 16 + (c - 87);
    else return p;
  }
  return v;
}

const enum Read {
  Dec,
  Hex,
  Oct,
  Ptr,
  Str,
}

/** What a typed argument holds once read back. */
export type ValueKind = "int" | "uint" | "ptr" | "str";

interface Conversion {
  read: Read;
  /** The argument's kind: its declaration's, or the conversion's when the declaration does not say. */
  kind: ValueKind;
  bits: number;
  /** The conversion prints without a sign (%u, %x, %o): a signed argument reads back two's complement. */
  unsignedConv: boolean;
  /** Strip the padding of a right-justified %Ns. */
  trim: boolean;
}

export interface Matcher {
  /** The kind of each argument, in declaration order. */
  readonly kinds: readonly ValueKind[];
  /** The typed arguments of `text` from `from` on (what follows `name `), or undefined when it does not match. */
  match(text: string, from?: number): ArgValue[] | undefined;
  /**
   * The same for the text of ASCII bytes buf[from, to), a line or part of one (no line
   * terminator in it), where a pointer may come as its pointerKey.
   */
  matchBytes(buf: Buffer, from: number, to: number): ArgValue[] | undefined;
}

const SIGNED = new Set([
  "int",
  "signed",
  "signed int",
  "long",
  "long int",
  "long long",
  "long long int",
  "short",
  "short int",
  "signed char",
  "char",
  "ssize_t",
  "off_t",
  "intptr_t",
  "int64_t",
  "int32_t",
  "int16_t",
  "int8_t",
  "gint",
  "gint32",
  "int32",
  "target_long",
]);

const UNSIGNED_64 = new Set([
  "size_t",
  "uintptr_t",
  "hwaddr",
  "ram_addr_t",
  "vaddr",
  "target_ulong",
  "uint64",
  "guint64",
  "unsigned long",
  "unsigned long int",
  "long unsigned int",
  "unsigned long long",
  "unsigned long long int",
]);

/** The kind and width of a C argument type. */
export function argKind(ctype: string): { kind: ArgKind; bits: number } {
  const t = ctype
    .replace(/\b(const|volatile|struct|enum)\b/g, " ")
    .replace(/\s*\*\s*/g, " *")
    .replace(/\s+/g, " ")
    .trim();
  if (t.includes("*")) return { kind: /^(unsigned |signed )?g?char \*$/.test(t) ? "str" : "ptr", bits: 64 };
  const m = /^u?int(8|16|32|64)_t$/.exec(t);
  if (m) return { kind: t.startsWith("u") ? "uint" : "int", bits: Number(m[1]) };
  if (t === "bool" || t === "_Bool") return { kind: "uint", bits: 8 };
  if (UNSIGNED_64.has(t)) return { kind: "uint", bits: 64 };
  if (/^(unsigned|unsigned int|uint|uint32|guint|guint32)$/.test(t)) return { kind: "uint", bits: 32 };
  if (/^(unsigned short|unsigned short int|uint16|guint16)$/.test(t)) return { kind: "uint", bits: 16 };
  if (/^(unsigned char|uint8|guint8)$/.test(t)) return { kind: "uint", bits: 8 };
  if (SIGNED.has(t)) {
    const bits = /long|ssize_t|off_t|intptr_t|int64/.test(t) ? 64 : /short|int16/.test(t) ? 16 : /char|int8/.test(t) ? 8 : 32;
    return { kind: "int", bits };
  }
  return { kind: "auto", bits: 32 };
}

/** A format that cannot be read back, with the reason. */
export class UnreadableFormat {
  constructor(readonly reason: string) {}
}

/** The characters a conversion's text is made of, for the scanner. */
const enum Chars {
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
const enum Pad {
  None,
  Space,
  Spaces,
}

/** A step of the scanner: literal text, or a conversion (by index) and its characters. */
type Step = string | { conv: number; chars: Chars; pad: Pad };

/** Whether the character code can continue a number of the given characters. */
function numberChar(chars: Chars, c: number): boolean {
  switch (chars) {
    case Chars.SignedDec:
    case Chars.Dec:
      return c >= 48 && c <= 57;
    case Chars.Hex:
    case Chars.Ptr:
      return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
    case Chars.HexUpper:
      return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
    case Chars.Oct:
      return c >= 48 && c <= 55;
    default:
      return false;
  }
}

/**
 * Whether the scanner's reading of a line is always the expression's: every number (greedy)
 * is followed by the end or by a literal that no digit of it can start, and every %s (lazy)
 * by the end or by a literal.
 */
function scannable(plan: readonly Step[]): boolean {
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i] as Step;
    if (typeof step === "string") continue;
    const next = plan[i + 1];
    if (next === undefined || step.chars === Chars.Char) continue;
    if (typeof next !== "string") return false;
    if (step.chars !== Chars.Str && numberChar(step.chars, next.charCodeAt(0))) return false;
  }
  return true;
}

const SPEC = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|Z|t)?([a-zA-Z%])/y;
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Compiles a format (C escapes resolved, PRI macros expanded) for the given arguments.
 * Returns UnreadableFormat when the matcher could not type the arguments back. With
 * `scanner: false` the matcher reads every line with the expression alone (for tests).
 */
export function compileFormat(format: string, args: readonly ArgDecl[], opts: { scanner?: boolean } = {}): Matcher | UnreadableFormat {
  let src = "^";
  const convs: Conversion[] = [];
  /** The scanner's plan: literals, and conversions by index; undefined once the format needs the expression. */
  let plan: Step[] | undefined = [];
  let lit = "";
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      lit += format.slice(i);
      break;
    }
    lit += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format);
    if (!m) return new UnreadableFormat(`'${format.slice(pct, pct + 6)}' is not a printf conversion`);
    i = SPEC.lastIndex;
    const [, flags = "", width, precision, , conv = ""] = m;
    if (conv === "%") {
      lit += "%";
      continue;
    }
    if (width === "*" || precision === "*") return new UnreadableFormat("a '*' width takes an argument the matcher cannot place");
    src += lit.replace(REGEX_SPECIAL, "\\$&");
    if (lit !== "") plan?.push(lit);
    lit = "";
    const arg = args[convs.length];
    if (arg === undefined) return new UnreadableFormat(`the format has more conversions than its ${args.length} declared arguments`);
    const pad = width !== undefined && !flags.includes("0") ? " *" : flags.includes(" ") || flags.includes("+") ? " ?" : "";
    const padSteps = pad === " *" ? Pad.Spaces : pad === " ?" ? Pad.Space : Pad.None;
    const scan = (chars: Chars): void => {
      plan?.push({ conv: convs.length - 1, chars, pad: padSteps });
    };
    // A number printed for a pointer or string argument is a host address: it is normalised too.
    const numKind = (signedConv: boolean): ValueKind =>
      arg.kind === "int" || arg.kind === "uint" ? arg.kind : arg.kind === "ptr" || arg.kind === "str" ? "ptr" : signedConv ? "int" : "uint";
    const num = (read: Read, signedConv: boolean): Conversion => ({
      read,
      kind: numKind(signedConv),
      bits: arg.bits,
      unsignedConv: !signedConv,
      trim: false,
    });
    switch (conv) {
      case "d":
      case "i":
        src += `${pad}([-+]?\\d+)`;
        convs.push(num(Read.Dec, true));
        scan(Chars.SignedDec);
        break;
      case "u":
        src += `${pad}(\\d+)`;
        convs.push(num(Read.Dec, false));
        scan(Chars.Dec);
        break;
      case "x":
      case "X": {
        const digits = conv === "x" ? "[0-9a-f]+" : "[0-9A-F]+";
        src += flags.includes("#") ? `${pad}(?:0${conv})?(${digits})` : `${pad}(${digits})`;
        convs.push(num(Read.Hex, false));
        if (flags.includes("#")) plan = undefined;
        else scan(conv === "x" ? Chars.Hex : Chars.HexUpper);
        break;
      }
      case "o":
        src += `${pad}([0-7]+)`;
        convs.push(num(Read.Oct, false));
        scan(Chars.Oct);
        break;
      case "p":
        src += `${pad}(0x[0-9a-f]+|\\(nil\\))`;
        convs.push({ read: Read.Ptr, kind: "ptr", bits: 64, unsignedConv: true, trim: false });
        scan(Chars.Ptr);
        break;
      case "s":
        src += flags.includes("-") ? "(.*?) *" : "(.*?)";
        convs.push({ read: Read.Str, kind: "str", bits: 0, unsignedConv: false, trim: width !== undefined && !flags.includes("-") });
        if (flags.includes("-")) plan = undefined;
        else scan(Chars.Str);
        break;
      case "c":
        src += "(.)";
        convs.push({ read: Read.Str, kind: "str", bits: 0, unsignedConv: false, trim: false });
        scan(Chars.Char);
        break;
      default:
        return new UnreadableFormat(`'%${conv}' (${/[eEfFgGaA]/.test(conv) ? "floating point" : "unsupported"}) cannot be read back`);
    }
  }
  if (convs.length !== args.length)
    return new UnreadableFormat(`the format has ${convs.length} conversions for ${args.length} declared arguments`);
  src += `${lit.replace(REGEX_SPECIAL, "\\$&")}$`;
  if (lit !== "") plan?.push(lit);
  const scanner = opts.scanner !== false && plan !== undefined && scannable(plan);
  return new FormatMatcher(new RegExp(src), convs, scanner ? plan : undefined);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function narrow(b: bigint): number | bigint {
  return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b;
}

/** An integer group as a number, or a bigint beyond 2^53. */
function readInt(text: string, read: Read): number | bigint {
  if (read === Read.Hex) return text.length <= 13 ? Number.parseInt(text, 16) : narrow(BigInt(`0x${text}`));
  if (read === Read.Oct) return text.length <= 17 ? Number.parseInt(text, 8) : narrow(BigInt(`0o${text}`));
  return text.length <= 15 ? Number(text) : narrow(BigInt(text));
}

/** C's conversion of a printed integer back to the argument's type: wrap negatives of unsigned types, reinterpret large values of signed ones. */
function convert(v: number | bigint, c: Conversion): number | bigint {
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
function pointerText(text: string, read: Read): string {
  const n = read === Read.Dec ? BigInt(text) : read === Read.Oct ? BigInt(`0o${text}`) : BigInt(`0x${text}`);
  return n === 0n ? "(nil)" : `0x${n.toString(16)}`;
}

/** What a scanner step does. */
const enum Op {
  /** Compare literal text. */
  Literal,
  /** A number of the step's characters. */
  Number,
  /** A pointer: `0x` and hex digits, or `(nil)`. */
  Pointer,
  /** A %s that runs to the end of the line. */
  StrToEnd,
  /** A %s that ends where the format's closing literal (the next step) ends the line. */
  StrToClosing,
  /** A %s that ends at the first occurrence of the next step's literal. */
  StrToLiteral,
  /** A %c. */
  Char,
}

/** How a number step's digits become its value (the arithmetic of readInt and convert). */
const enum NumberValue {
  /** A number printed for a pointer: its text in %p's form (pointerText). */
  PointerText,
  /** An unsigned argument: a negative number wraps (convert). */
  Unsigned,
  /** A signed argument printed signed: the number as it reads. */
  Signed,
  /** A signed argument printed unsigned: reinterpreted (convert; below 53 bits, with `half` and `full`). */
  Reinterpreted,
}

/** A scanner step; every step has every field, so the scanner's loop sees one shape. */
interface ScanStep {
  op: Op;
  /** Op.Literal: the text's character codes; a %s: the literal's after it. */
  codes: number[];
  /** The same four at a time, as little-endian 32-bit words (literalAt). */
  words: number[];
  /** Op.Number: the characters of its digits. */
  chars: Chars;
  pad: Pad;
  /** The conversion's index (-1 for a literal). */
  conv: number;
  /** Op.Number: how its digits become the value, and for Reinterpreted below 53 bits 2^(bits-1) and 2^bits (else 0). */
  value: NumberValue;
  half: number;
  full: number;
  /** A %s: strip the padding of a right-justified %Ns. */
  trim: boolean;
  /** A %s: the strings it read lately. */
  texts: RecentTexts | undefined;
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

/** The scanner's steps for a scannable plan. */
function scanSteps(plan: readonly Step[], convs: readonly Conversion[]): ScanStep[] {
  return plan.map((step, i): ScanStep => {
    const none = { value: NumberValue.Signed, half: 0, full: 0, trim: false, texts: undefined };
    if (typeof step === "string") return { op: Op.Literal, ...literal(step), chars: Chars.Str, pad: Pad.None, conv: -1, ...none };
    const next = plan[i + 1];
    const c = convs[step.conv] as Conversion;
    const base = { ...literal(typeof next === "string" ? next : ""), chars: step.chars, pad: step.pad, conv: step.conv };
    if (step.chars === Chars.Str) {
      const op = next === undefined ? Op.StrToEnd : i + 2 === plan.length ? Op.StrToClosing : Op.StrToLiteral;
      return { op, ...base, ...none, trim: c.trim, texts: new RecentTexts() };
    }
    if (step.chars === Chars.Char) return { op: Op.Char, ...base, ...none };
    if (step.chars === Chars.Ptr) return { op: Op.Pointer, ...base, ...none };
    const bits = c.bits > 0 && c.bits <= 64 ? c.bits : 64;
    const value =
      c.kind === "ptr"
        ? NumberValue.PointerText
        : c.kind === "uint"
          ? NumberValue.Unsigned
          : c.unsignedConv
            ? NumberValue.Reinterpreted
            : NumberValue.Signed;
    const small = value === NumberValue.Reinterpreted && c.kind === "int" && bits < 53;
    return { op: Op.Number, ...base, ...none, value, half: small ? 2 ** (bits - 1) : 0, full: small ? 2 ** bits : 0 };
  });
}

/**
 * A literal's character codes (a character that is not ASCII becomes 0x100, which no byte is),
 * and its words (see literalAt).
 */
function literal(text: string): { codes: number[]; words: number[] } {
  const codes = Array.from({ length: text.length }, (_, i) => Math.min(text.charCodeAt(i), 0x100));
  const words: number[] = [];
  for (let i = 0; i + 4 <= codes.length; i += 4) {
    const [a, b, c, d] = codes.slice(i, i + 4) as [number, number, number, number];
    // (a word with a character that is not ASCII: -1, which no four bytes make)
    words.push(Math.max(a, b, c, d) > 0xff ? -1 : (a | (b << 8) | (c << 16) | (d << 24)) >>> 0);
  }
  return { codes, words };
}

/** The text of ASCII bytes buf[from, to). */
export function asciiText(buf: Uint8Array, from: number, to: number): string {
  return (buf as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);
}

/**
 * The value of the digits digitsEnd read last: exact while they are few (at most 13 hex, 17
 * octal or 15 decimal digits), which is when scan uses it. (A module variable rather than an
 * object returned per number.)
 */
let digitsValue = 0;

/** The end of the run of digits (of the given characters) at buf[from]; their value goes to digitsValue. */
function digitsEnd(buf: Uint8Array, from: number, to: number, chars: Chars): number {
  let i = from;
  let n = 0;
  switch (chars) {
    case Chars.Hex:
    case Chars.Ptr:
      for (; i < to; i++) {
        const c = buf[i] as number;
        if (c >= 48 && c <= 57) n = n * 16 + (c - 48);
        else if (c >= 97 && c <= 102) n = n * 16 + (c - 87);
        else break;
      }
      break;
    case Chars.HexUpper:
      for (; i < to; i++) {
        const c = buf[i] as number;
        if (c >= 48 && c <= 57) n = n * 16 + (c - 48);
        else if (c >= 65 && c <= 70) n = n * 16 + (c - 55);
        else break;
      }
      break;
    case Chars.Oct:
      for (; i < to; i++) {
        const c = buf[i] as number;
        if (c < 48 || c > 55) break;
        n = n * 8 + (c - 48);
      }
      break;
    default:
      for (; i < to; i++) {
        const c = buf[i] as number;
        if (c < 48 || c > 57) break;
        n = n * 10 + (c - 48);
      }
  }
  digitsValue = n;
  return i;
}

/**
 * Whether the characters of a literal (its char codes and words) are at buf[pos] (before
 * `to`); `view` is buf's DataView. It compares four bytes at a time (words), then the rest.
 */
function literalAt(
  buf: Uint8Array,
  view: DataView<ArrayBufferLike>,
  pos: number,
  to: number,
  codes: readonly number[],
  words: readonly number[],
): boolean {
  const n = codes.length;
  if (pos + n > to) return false;
  let i = 0;
  for (let w = 0; w < words.length; w++, i += 4) if (view.getUint32(pos + i, true) !== words[w]) return false;
  for (; i < n; i++) if (buf[pos + i] !== codes[i]) return false;
  return true;
}

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

const NIL = literal("(nil)");

/** What the scanner says when only the expression can tell. */
const ASK_EXPRESSION = undefined;

class FormatMatcher implements Matcher {
  readonly kinds: readonly ValueKind[];
  private readonly steps: readonly ScanStep[] | undefined;

  constructor(
    private readonly re: RegExp,
    private readonly convs: readonly Conversion[],
    /** The scanner's plan, when the format allows one (see scannable). */
    plan: readonly Step[] | undefined,
  ) {
    this.kinds = convs.map((c) => c.kind);
    this.steps = plan === undefined ? undefined : scanSteps(plan, convs);
  }

  match(text: string, from = 0): ArgValue[] | undefined {
    return this.matchExpression(from === 0 ? text : text.slice(from));
  }

  matchBytes(buf: Buffer, from: number, to: number): ArgValue[] | undefined {
    if (this.steps !== undefined) {
      const values = this.scan(buf, from, to, this.steps);
      if (values !== ASK_EXPRESSION) return values;
    }
    return this.matchExpression(asciiText(buf, from, to));
  }

  /** The scanner: the arguments, or ASK_EXPRESSION when the line is not what it can read. */
  private scan(buf: Buffer, from: number, to: number, steps: readonly ScanStep[]): ArgValue[] | undefined {
    const out: ArgValue[] = new Array(this.convs.length);
    const view = viewOf(buf);
    let pos = from;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as ScanStep;
      switch (step.op) {
        case Op.Literal:
          if (!literalAt(buf, view, pos, to, step.codes, step.words)) return ASK_EXPRESSION;
          pos += step.codes.length;
          continue;
        case Op.StrToEnd:
        case Op.StrToClosing:
        case Op.StrToLiteral: {
          let end: number;
          if (step.op === Op.StrToEnd) end = to;
          else if (step.op === Op.StrToClosing) {
            end = to - step.codes.length;
            if (end < pos || !literalAt(buf, view, end, to, step.codes, step.words)) return ASK_EXPRESSION;
          } else {
            end = literalIndex(buf, pos, to, step.codes);
            if (end < 0) return ASK_EXPRESSION;
          }
          const g = (step.texts as RecentTexts).get(buf, pos, end);
          out[step.conv] = step.trim ? g.trimStart() : g;
          pos = end;
          continue;
        }
        case Op.Char:
          if (pos >= to) return ASK_EXPRESSION;
          out[step.conv] = String.fromCharCode(buf[pos] as number);
          pos++;
          continue;
      }
      if (step.pad === Pad.Spaces) while (pos < to && buf[pos] === 32) pos++;
      else if (step.pad === Pad.Space && pos < to && buf[pos] === 32) pos++;
      const start = pos;
      if (step.op === Op.Pointer) {
        if (literalAt(buf, view, pos, to, NIL.codes, NIL.words)) {
          out[step.conv] = "(nil)";
          pos += 5;
          continue;
        }
        if (pos + 1 >= to || buf[pos] !== 48 || buf[pos + 1] !== 120) return ASK_EXPRESSION;
        pos = digitsEnd(buf, pos + 2, to, Chars.Hex);
        const n = pos - start - 2;
        if (n === 0) return ASK_EXPRESSION;
        // its pointerKey: canonical pointers as numbers
        out[step.conv] = n <= 13 && buf[start + 2] !== 48 ? digitsValue : asciiText(buf, start, pos);
        continue;
      }
      let digits = pos;
      if (step.chars === Chars.SignedDec && pos < to && (buf[pos] === 45 || buf[pos] === 43)) digits++;
      pos = digitsEnd(buf, digits, to, step.chars);
      if (pos === digits) return ASK_EXPRESSION;
      const value = step.value;
      if (value === NumberValue.PointerText) {
        out[step.conv] = pointerText(asciiText(buf, start, pos), (this.convs[step.conv] as Conversion).read);
        continue;
      }
      // (the same arithmetic as readInt on the digits' text, without the text)
      let v: number | bigint;
      const n = pos - start;
      const chars = step.chars;
      if (chars === Chars.Hex || chars === Chars.HexUpper) v = n <= 13 ? digitsValue : readInt(asciiText(buf, start, pos), Read.Hex);
      else if (chars === Chars.Oct) v = n <= 17 ? digitsValue : readInt(asciiText(buf, start, pos), Read.Oct);
      else if (n <= 15) v = buf[start] === 45 ? -digitsValue : digitsValue;
      else v = readInt(asciiText(buf, start, pos), Read.Dec);
      if (value === NumberValue.Signed || (value === NumberValue.Unsigned && v >= 0)) out[step.conv] = v;
      else if (value === NumberValue.Reinterpreted && step.full !== 0 && typeof v === "number")
        out[step.conv] = v >= step.half ? v - step.full : v;
      else out[step.conv] = convert(v, this.convs[step.conv] as Conversion);
    }
    return pos === to ? out : ASK_EXPRESSION;
  }

  private matchExpression(text: string): ArgValue[] | undefined {
    const m = this.re.exec(text);
    if (m === null) return undefined;
    const convs = this.convs;
    const out: ArgValue[] = new Array(convs.length);
    for (let i = 0; i < convs.length; i++) {
      const c = convs[i] as Conversion;
      const g = m[i + 1] as string;
      if (c.read === Read.Str) out[i] = c.trim ? g.trimStart() : g;
      else if (c.kind === "ptr") out[i] = c.read === Read.Ptr ? g : pointerText(g, c.read);
      else {
        const v = readInt(g, c.read);
        out[i] = c.kind === "uint" ? (v < 0 ? convert(v, c) : v) : c.unsignedConv ? convert(v, c) : v;
      }
    }
    return out;
  }
}
