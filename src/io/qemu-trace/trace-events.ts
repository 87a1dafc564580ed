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

  /** `path` names the file in messages; `text` is kept (an import in a worker thread reads it again there). */
  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const l = (lines[i] as string).trim();
      if (l === "" || l.startsWith("#")) continue;
      let d: TraceEventDecl;
      try {
        d = parseDeclaration(l, i + 1);
      } catch (e) {
        if (e instanceof TraceEventsError) throw new TraceEventsError(`${path}:${i + 1}: ${e.message}`);
        throw e;
      }
      if (!this.decls.has(d.name)) this.decls.set(d.name, d);
    }
    if (this.decls.size === 0) throw new TraceEventsError(`${path}: no trace-event declarations (is it QEMU's trace-events-all?)`);
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
    return this.decls.size;
  }

  get(name: string): TraceEventDecl | undefined {
    return this.decls.get(name);
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
    return this.decls.values();
  }
}
