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
// the same format (format-scan.ts: literal text compared in place, digits turned into numbers
// as they are read, no substrings but the strings and pointers kept), which answers only where
// its answer is provably the expression's: each number's digits end where the next literal starts with a
// character no digit can be, a %s ends at the first occurrence of the literal after it (the
// lazy group's first choice) or, last, where the format's closing literal ends the line.
// Formats where greed or backtracking could choose otherwise (a conversion right after
// another, %#x, %-s) use the expression only; a line the scanner cannot read goes to the
// expression too, which also decides that it does not match.

import {
  asciiText,
  Chars,
  compileScanner,
  type Conversion,
  convert,
  Pad,
  pointerText,
  Read,
  readInt,
  type Scanner,
  type Step,
} from "./format-scan.js";

export { asciiText } from "./format-scan.js";

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

/** What a typed argument holds once read back. */
export type ValueKind = "int" | "uint" | "ptr" | "str";

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

class FormatMatcher implements Matcher {
  readonly kinds: readonly ValueKind[];
  private readonly scan: Scanner | undefined;

  constructor(
    private readonly re: RegExp,
    private readonly convs: readonly Conversion[],
    /** The scanner's plan, when the format allows one (see scannable). */
    plan: readonly Step[] | undefined,
  ) {
    this.kinds = convs.map((c) => c.kind);
    this.scan = plan === undefined ? undefined : compileScanner(plan, convs);
  }

  match(text: string, from = 0): ArgValue[] | undefined {
    return this.matchExpression(from === 0 ? text : text.slice(from));
  }

  matchBytes(buf: Buffer, from: number, to: number): ArgValue[] | undefined {
    if (this.scan !== undefined) {
      const values = this.scan(buf, from, to);
      if (values !== undefined) return values;
    }
    return this.matchExpression(asciiText(buf, from, to));
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
