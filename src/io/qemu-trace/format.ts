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
 * rewritten to that form).
 */
export type ArgValue = number | bigint | string;

/** Whether a pointer's text (as ArgValue holds it) is NULL. */
export function isNull(pointer: string): boolean {
  return pointer === "(nil)" || pointer === "0x0" || pointer === "0";
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
  /** The typed arguments of `text` (what follows `name `), or undefined when it does not match. */
  match(text: string): ArgValue[] | undefined;
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

const SPEC = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|Z|t)?([a-zA-Z%])/y;
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Compiles a format (C escapes resolved, PRI macros expanded) for the given arguments.
 * Returns UnreadableFormat when the matcher could not type the arguments back.
 */
export function compileFormat(format: string, args: readonly ArgDecl[]): Matcher | UnreadableFormat {
  let src = "^";
  const convs: Conversion[] = [];
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
    lit = "";
    const arg = args[convs.length];
    if (arg === undefined) return new UnreadableFormat(`the format has more conversions than its ${args.length} declared arguments`);
    const pad = width !== undefined && !flags.includes("0") ? " *" : flags.includes(" ") || flags.includes("+") ? " ?" : "";
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
        break;
      case "u":
        src += `${pad}(\\d+)`;
        convs.push(num(Read.Dec, false));
        break;
      case "x":
      case "X": {
        const digits = conv === "x" ? "[0-9a-f]+" : "[0-9A-F]+";
        src += flags.includes("#") ? `${pad}(?:0${conv})?(${digits})` : `${pad}(${digits})`;
        convs.push(num(Read.Hex, false));
        break;
      }
      case "o":
        src += `${pad}([0-7]+)`;
        convs.push(num(Read.Oct, false));
        break;
      case "p":
        src += `${pad}(0x[0-9a-f]+|\\(nil\\))`;
        convs.push({ read: Read.Ptr, kind: "ptr", bits: 64, unsignedConv: true, trim: false });
        break;
      case "s":
        src += flags.includes("-") ? "(.*?) *" : "(.*?)";
        convs.push({ read: Read.Str, kind: "str", bits: 0, unsignedConv: false, trim: width !== undefined && !flags.includes("-") });
        break;
      case "c":
        src += "(.)";
        convs.push({ read: Read.Str, kind: "str", bits: 0, unsignedConv: false, trim: false });
        break;
      default:
        return new UnreadableFormat(`'%${conv}' (${/[eEfFgGaA]/.test(conv) ? "floating point" : "unsupported"}) cannot be read back`);
    }
  }
  if (convs.length !== args.length)
    return new UnreadableFormat(`the format has ${convs.length} conversions for ${args.length} declared arguments`);
  src += `${lit.replace(REGEX_SPECIAL, "\\$&")}$`;
  return new FormatMatcher(new RegExp(src), convs);
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

class FormatMatcher implements Matcher {
  readonly kinds: readonly ValueKind[];

  constructor(
    private readonly re: RegExp,
    private readonly convs: readonly Conversion[],
  ) {
    this.kinds = convs.map((c) => c.kind);
  }

  match(text: string): ArgValue[] | undefined {
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
