// QEMU's trace-event declarations (trace-events-all, installed beside QEMU's data files):
// one line per trace point, `[disable] [vcpu] name(type arg, …) "format" PRIx64 "…"`, with
// the format split into C string literals and <inttypes.h> macros. The catalog reads the
// file once and compiles an event's format into a matcher (format.ts) the first time a log
// line names the event, so a log costs one regular expression per event kind it uses.
//
// A log must be read with the declarations of the QEMU that wrote it: formats change
// between versions (QEMU 7.2 added the region name to memory_region_ops_read, for one).
import { existsSync, readFileSync } from "node:fs";
import { type ArgDecl, argKind, compileFormat, type Matcher, UnreadableFormat } from "./format.js";

export interface TraceEventDecl {
  name: string;
  args: ArgDecl[];
  /** The format with C escapes resolved and PRI macros expanded (e.g. "vdev %p n %d"). */
  format: string;
  /** Where it is declared (1-based line of the trace-events file). */
  line: number;
}

/** Where QEMU installs the declarations, most likely first. */
export const TRACE_EVENTS_PATHS = [
  "/usr/share/qemu/trace-events-all",
  "/usr/local/share/qemu/trace-events-all",
  "/usr/share/qemu-kvm/trace-events-all",
  "/opt/homebrew/share/qemu/trace-events-all",
];

/** A line of a trace-events file that is not a declaration. */
export class TraceEventsError extends Error {
  override readonly name = "TraceEventsError";
}

const PRI_LENGTH: Record<string, string> = { "8": "hh", "16": "h", "32": "", "64": "ll", PTR: "l", MAX: "j" };

/** The printf text of a PRI macro, e.g. PRIx64 → "llx", PRIu32 → "u". */
function priMacro(name: string): string | undefined {
  const m = /^PRI([diouxX])(8|16|32|64|PTR|MAX|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64))$/.exec(name);
  if (!m) return undefined;
  const size = (m[2] as string).replace(/^(LEAST|FAST)/, "");
  return `${PRI_LENGTH[size] ?? ""}${m[1]}`;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "?": "?",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** The format of a declaration: C string literals and PRI macros, concatenated. */
function parseFormat(text: string): string | string[] {
  let out = "";
  let i = 0;
  const problems: string[] = [];
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\") {
          const e = text[i + 1] ?? "";
          if (/[0-7]/.test(e)) {
            const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1))?.[0] ?? "0";
            out += String.fromCharCode(Number.parseInt(oct, 8));
            i += 1 + oct.length;
            continue;
          }
          const r = ESCAPES[e];
          if (r === undefined) problems.push(`unknown escape \\${e}`);
          out += r ?? e;
          i += 2;
        } else {
          out += text[i];
          i++;
        }
      }
      if (i >= text.length) return [...problems, "unterminated string"];
      i++;
    } else {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i));
      const pri = m ? priMacro(m[0]) : undefined;
      if (!m || pri === undefined) return [...problems, `'${text.slice(i, i + 12)}' is neither a string nor a PRI macro`];
      out += pri;
      i += m[0].length;
    }
  }
  return problems.length > 0 ? problems : out;
}

const DECL = /^((?:(?:disable|vcpu|tcg|tcg-trans|tcg-exec)\s+)*)([A-Za-z_]\w*)\(([^)]*)\)\s*(.*)$/;
/** The name DECL reads from a declaration (parsedLater finds declarations by it). */
const DECL_NAME = /^(?:(?:disable|vcpu|tcg|tcg-trans|tcg-exec)\s+)*([A-Za-z_]\w*)\(/;

/** Parses one declaration line; throws TraceEventsError saying what is wrong. */
export function parseDeclaration(text: string, line: number): TraceEventDecl {
  const m = DECL.exec(text.trim());
  if (!m) throw new TraceEventsError("not a declaration 'name(type arg, …) \"format\"'");
  const props = (m[1] ?? "").trim().split(/\s+/).filter(Boolean);
  const name = m[2] as string;
  const argText = (m[3] ?? "").trim();
  const args: ArgDecl[] = [];
  if (argText !== "" && argText !== "void") {
    for (const part of argText.split(",")) {
      const a = /^(.*?)\s*\b([A-Za-z_]\w*)$/.exec(part.trim());
      if (!a || (a[1] ?? "").trim() === "") throw new TraceEventsError(`argument '${part.trim()}' of ${name} is not 'type name'`);
      const ctype = (a[1] as string).trim();
      args.push({ ctype, name: a[2] as string, ...argKind(ctype) });
    }
  }
  const fmt = parseFormat(m[4] ?? "");
  if (typeof fmt !== "string") throw new TraceEventsError(`the format of ${name}: ${fmt.join("; ")}`);
  let format = fmt.replace(/\n+$/, "");
  // tracetool gives a 'vcpu' event the CPU as a hidden first argument (scripts/tracetool/vcpu.py).
  if (props.includes("vcpu")) {
    args.unshift({ ctype: "void *", name: "__cpu", kind: "ptr", bits: 64 });
    format = `cpu=%p ${format}`;
  }
  return { name, args, format, line };
}

export class TraceCatalog {
  private readonly decls = new Map<string, TraceEventDecl>();
  private readonly matchers = new Map<string, Matcher | UnreadableFormat>();
  /** For a catalog read later (parsedLater): each declaration's line, by name, until it is parsed. */
  private readonly unparsed = new Map<string, number>();
  private lines: string[] = [];

  /**
   * `path` names the file in messages; `text` is kept (an import in a worker thread reads it
   * again there). Throws TraceEventsError for a bad declaration; with `later` (parsedLater),
   * a declaration is parsed when first asked for.
   */
  constructor(
    readonly path: string,
    readonly text: string,
    later = false,
  ) {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const l = (lines[i] as string).trim();
      if (l === "" || l.startsWith("#")) continue;
      if (later) {
        const name = DECL_NAME.exec(l)?.[1];
        if (name !== undefined && !this.unparsed.has(name)) this.unparsed.set(name, i);
        continue;
      }
      let d: TraceEventDecl;
      try {
        d = parseDeclaration(l, i + 1);
      } catch (e) {
        if (e instanceof TraceEventsError) throw new TraceEventsError(`${path}:${i + 1}: ${e.message}`);
        throw e;
      }
      if (!this.decls.has(d.name)) this.decls.set(d.name, d);
    }
    if (later) this.lines = lines;
    else if (this.decls.size === 0) throw new TraceEventsError(`${path}: no trace-event declarations (is it QEMU's trace-events-all?)`);
  }

  /**
   * The catalog of a text a TraceCatalog has read before (so known to be good), parsing each
   * declaration when first asked for: an import's worker thread needs a few dozen of thousands.
   */
  static parsedLater(path: string, text: string): TraceCatalog {
    return new TraceCatalog(path, text, true);
  }

  /** Reads a trace-events file; throws TraceEventsError naming the file and line of a bad declaration. */
  static load(path: string): TraceCatalog {
    return new TraceCatalog(path, readFileSync(path, "utf8"));
  }

  /** The first of TRACE_EVENTS_PATHS that exists. */
  static defaultPath(): string | undefined {
    return TRACE_EVENTS_PATHS.find((p) => existsSync(p));
  }

  get size(): number {
    return this.decls.size + this.unparsed.size;
  }

  get(name: string): TraceEventDecl | undefined {
    const d = this.decls.get(name);
    if (d !== undefined || this.unparsed.size === 0) return d;
    const line = this.unparsed.get(name);
    if (line === undefined) return undefined;
    this.unparsed.delete(name);
    const parsed = parseDeclaration((this.lines[line] as string).trim(), line + 1);
    this.decls.set(name, parsed);
    return parsed;
  }

  /** The event's matcher, compiled on first use; UnreadableFormat when its arguments cannot be read back. */
  matcher(decl: TraceEventDecl): Matcher | UnreadableFormat {
    let m = this.matchers.get(decl.name);
    if (m === undefined) {
      m = compileFormat(decl.format, decl.args);
      this.matchers.set(decl.name, m);
    }
    return m;
  }

  /** Every declaration, in file order. */
  declarations(): IterableIterator<TraceEventDecl> {
    if (this.unparsed.size > 0) {
      for (const [name, line] of [...this.unparsed].sort((a, b) => a[1] - b[1])) this.get(name);
      const all = [...this.decls.values()].sort((a, b) => a.line - b.line);
      this.decls.clear();
      for (const d of all) this.decls.set(d.name, d);
    }
    return this.decls.values();
  }
}
