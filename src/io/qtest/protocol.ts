// QEMU's qtest protocol, as text: the commands a qtest client sends, the replies QEMU
// gives, the asynchronous IRQ notifications, and the lines of QEMU's own -qtest-log
// (`[R +0.000123] outl 0xcf8 0x80000000`, `[S +0.000130] OK`, `[I 0.000000] OPENED`) and
// of the fuzzer's logs (`[DMA] [R +…] write …`). Shared by the live client (which
// formats commands and parses replies) and the importer (which parses whole logs and
// scripts), so that both read QEMU's text the same way.
//
// The grammar follows QEMU's system/qtest.c: words are split on spaces, integers are
// read like strtoul(…, 0) (0x-hex, 0-octal or decimal), `in*` replies `OK 0x%04x`,
// `read[bwlq]` replies `OK 0x%016x`, `read` replies `OK 0x<hex bytes>`, `b64read`
// replies `OK <base64>`, and `write`/`b64write` with fewer than 3 characters of data
// reply `ERR invalid argument size` (without the log's `[S +…]` prefix).

/** Largest address devtape can store exactly (64-bit fields stay below 2^53). */
export const MAX_ADDR = 2 ** 53 - 1;

export type AccessSize = 1 | 2 | 4 | 8;

export type QtestCommand =
  | { op: "out"; size: 1 | 2 | 4; port: number; value: number }
  | { op: "in"; size: 1 | 2 | 4; port: number }
  | { op: "write"; size: AccessSize; addr: number; value: bigint }
  | { op: "read"; size: AccessSize; addr: number }
  | { op: "memread"; encoding: "hex" | "b64"; addr: number; length: number }
  | {
      op: "memwrite";
      encoding: "hex" | "b64";
      addr: number;
      length: number;
      data: Uint8Array;
      /** Why QEMU answers ERR and writes nothing (data of fewer than 3 characters). */
      rejected?: string;
      /** b64write whose data decodes to another length than told (QEMU logs a note). */
      lengthMismatch?: number;
    }
  | { op: "memset"; addr: number; length: number; byte: number }
  | { op: "clock_step"; ns?: bigint }
  | { op: "clock_set"; ns: bigint }
  | { op: "irq_intercept"; direction: "in" | "out"; path: string; gpio?: string }
  | { op: "set_irq_in"; path: string; gpio: string; num: number; level: number }
  | { op: "endianness" }
  | { op: "module_load"; prefix: string; name: string };

export type QtestReply = { status: "OK"; text: string } | { status: "FAIL" | "ERR"; text: string };

export interface IrqNotice {
  line: number;
  level: boolean;
}

/** A line that does not follow the protocol; `message` says what was expected. */
export class QtestSyntaxError extends Error {
  override readonly name = "QtestSyntaxError";
}

function bad(message: string): never {
  throw new QtestSyntaxError(message);
}

/** An unsigned integer as QEMU reads it (strtoul base 0): 0x-hex, 0-octal or decimal. */
export function parseQtestInt(text: string | undefined, what: string): bigint {
  if (text === undefined || text === "") bad(`missing ${what}`);
  let ok: boolean;
  if (/^0[xX]/.test(text)) ok = /^0[xX][0-9a-fA-F]+$/.test(text);
  else if (text.startsWith("0")) ok = /^0[0-7]*$/.test(text);
  else ok = /^[1-9][0-9]*$/.test(text);
  if (!ok) bad(`${what} '${text}' is not an unsigned integer (decimal, 0x-hex or 0-octal)`);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  return BigInt(text);
}

function parseAddr(text: string | undefined, what = "address"): number {
  const v = parseQtestInt(text, what);
  if (v > BigInt(MAX_ADDR)) bad(`${what} ${text} is above 2^53 - 1 (devtape keeps 64-bit fields below 2^53)`);
  return Number(v);
}

function parseLength(text: string | undefined): number {
  const v = parseQtestInt(text, "size");
  if (v > 0xffff_ffffn) bad(`size ${text} is above 0xffffffff bytes`);
  return Number(v);
}

function parseSmallInt(text: string | undefined, what: string): number {
  if (text === undefined || !/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) bad(`${what} '${text ?? ""}' is not an integer`);
  const neg = text.startsWith("-");
  const v = Number(BigInt(neg ? text.slice(1) : text));
  if (!Number.isSafeInteger(v) || v > 0x7fff_ffff) bad(`${what} ${text} is out of range`);
  return neg ? -v : v;
}

const SIZE_OF: Record<string, AccessSize> = { b: 1, w: 2, l: 4, q: 8 };
const MASK: Record<AccessSize, bigint> = { 1: 0xffn, 2: 0xffffn, 4: 0xffff_ffffn, 8: 0xffff_ffff_ffff_ffffn };

/** The names of the commands this parser knows, for error messages. */
export const COMMAND_NAMES = [
  "outb",
  "outw",
  "outl",
  "inb",
  "inw",
  "inl",
  "writeb",
  "writew",
  "writel",
  "writeq",
  "readb",
  "readw",
  "readl",
  "readq",
  "read",
  "write",
  "b64read",
  "b64write",
  "memset",
  "clock_step",
  "clock_set",
  "irq_intercept_in",
  "irq_intercept_out",
  "set_irq_in",
  "endianness",
  "module_load",
] as const;

function expectArgs(words: readonly string[], n: number, usage: string): void {
  if (words.length - 1 < n) bad(`'${words[0]}' needs ${usage}`);
  if (words.length - 1 > n) bad(`'${words[0]}' takes ${usage}, got extra '${words.slice(n + 1).join(" ")}'`);
}

function decodeHexData(text: string, length: number): Uint8Array {
  // QEMU reads the digits after "0x" in pairs and zero-fills what is missing.
  if (!/^0[xX][0-9a-fA-F]*$/.test(text)) bad(`data '${text.slice(0, 40)}' is not 0x followed by hex digits`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length && i * 2 + 4 <= text.length; i++) out[i] = Number.parseInt(text.slice(i * 2 + 2, i * 2 + 4), 16);
  return out;
}

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 as glib does for qtest (no whitespace, padding optional). */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64_CHARS.test(text)) bad(`${what} '${text.slice(0, 40)}' is not base64`);
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** Splits a command line into words as QEMU does (runs of spaces count as one here). */
export function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** Parses one qtest command (without any log prefix). Throws QtestSyntaxError. */
export function parseCommand(text: string): QtestCommand {
  const words = splitWords(text);
  const name = words[0];
  if (name === undefined) bad("empty command");
  switch (name) {
    case "outb":
    case "outw":
    case "outl": {
      expectArgs(words, 2, "PORT VALUE");
      const size = SIZE_OF[name[3] as string] as 1 | 2 | 4;
      const port = parseQtestInt(words[1], "port");
      if (port > 0xffffn) bad(`port ${words[1]} is above 0xffff`);
      const value = parseQtestInt(words[2], "value") & MASK[size];
      return { op: "out", size, port: Number(port), value: Number(value) };
    }
    case "inb":
    case "inw":
    case "inl": {
      expectArgs(words, 1, "PORT");
      const port = parseQtestInt(words[1], "port");
      if (port > 0xffffn) bad(`port ${words[1]} is above 0xffff`);
      return { op: "in", size: SIZE_OF[name[2] as string] as 1 | 2 | 4, port: Number(port) };
    }
    case "writeb":
    case "writew":
    case "writel":
    case "writeq": {
      expectArgs(words, 2, "ADDR VALUE");
      const size = SIZE_OF[name[5] as string] as AccessSize;
      return { op: "write", size, addr: parseAddr(words[1]), value: parseQtestInt(words[2], "value") & MASK[size] };
    }
    case "readb":
    case "readw":
    case "readl":
    case "readq":
      expectArgs(words, 1, "ADDR");
      return { op: "read", size: SIZE_OF[name[4] as string] as AccessSize, addr: parseAddr(words[1]) };
    case "read":
    case "b64read": {
      expectArgs(words, 2, "ADDR SIZE");
      const length = parseLength(words[2]);
      if (length === 0) bad(`'${name}' of 0 bytes (QEMU aborts on it)`);
      return { op: "memread", encoding: name === "read" ? "hex" : "b64", addr: parseAddr(words[1]), length };
    }
    case "write":
    case "b64write": {
      expectArgs(words, 3, "ADDR SIZE DATA");
      const addr = parseAddr(words[1]);
      const length = parseLength(words[2]);
      const text = words[3] as string;
      const encoding = name === "write" ? "hex" : "b64";
      if (text.length < 3) {
        return { op: "memwrite", encoding, addr, length, data: new Uint8Array(0), rejected: "data of fewer than 3 characters" };
      }
      if (encoding === "hex") return { op: "memwrite", encoding, addr, length, data: decodeHexData(text, length) };
      const decoded = decodeBase64(text, "data");
      const data = new Uint8Array(length);
      data.set(decoded.subarray(0, length));
      const cmd: QtestCommand = { op: "memwrite", encoding, addr, length, data };
      if (decoded.length !== length) cmd.lengthMismatch = decoded.length;
      return cmd;
    }
    case "memset": {
      expectArgs(words, 3, "ADDR SIZE BYTE");
      const addr = parseAddr(words[1]);
      const length = parseLength(words[2]);
      return { op: "memset", addr, length, byte: Number(parseQtestInt(words[3], "byte") & 0xffn) };
    }
    case "clock_step":
      if (words.length > 2) bad(`'clock_step' takes at most NS, got extra '${words.slice(2).join(" ")}'`);
      return words[1] === undefined ? { op: "clock_step" } : { op: "clock_step", ns: BigInt(parseSmallIntBig(words[1])) };
    case "clock_set":
      expectArgs(words, 1, "NS");
      return { op: "clock_set", ns: BigInt(parseSmallIntBig(words[1])) };
    case "irq_intercept_in":
    case "irq_intercept_out": {
      if (words.length < 2 || words.length > 3) bad(`'${name}' needs QOM-PATH [GPIO-NAME]`);
      const cmd: QtestCommand = { op: "irq_intercept", direction: name.endsWith("in") ? "in" : "out", path: words[1] as string };
      if (words[2] !== undefined) cmd.gpio = words[2];
      return cmd;
    }
    case "set_irq_in":
      expectArgs(words, 4, "QOM-PATH NAME NUM LEVEL");
      return {
        op: "set_irq_in",
        path: words[1] as string,
        gpio: words[2] as string,
        num: parseSmallInt(words[3], "irq number"),
        level: parseSmallInt(words[4], "level"),
      };
    case "endianness":
      expectArgs(words, 0, "no arguments");
      return { op: "endianness" };
    case "module_load":
      expectArgs(words, 2, "PREFIX NAME");
      return { op: "module_load", prefix: words[1] as string, name: words[2] as string };
    default:
      bad(`'${name.slice(0, 40)}' is not a qtest command (expected one of ${COMMAND_NAMES.join(", ")})`);
  }
}

function parseSmallIntBig(text: string | undefined): string {
  if (text === undefined || !/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) bad(`nanoseconds '${text ?? ""}' is not an integer`);
  return text.startsWith("-") ? `-${BigInt(text.slice(1))}` : String(BigInt(text));
}

/** The command as QEMU's log prints it (and as the client sends it). */
export function formatCommand(c: QtestCommand): string {
  const hex = (v: number | bigint) => `0x${v.toString(16)}`;
  const suffix = (size: number) => ({ 1: "b", 2: "w", 4: "l", 8: "q" })[size];
  switch (c.op) {
    case "out":
      return `out${suffix(c.size)} ${hex(c.port)} ${hex(c.value)}`;
    case "in":
      return `in${suffix(c.size)} ${hex(c.port)}`;
    case "write":
      return `write${suffix(c.size)} ${hex(c.addr)} ${hex(c.value)}`;
    case "read":
      return `read${suffix(c.size)} ${hex(c.addr)}`;
    case "memread":
      return `${c.encoding === "hex" ? "read" : "b64read"} ${hex(c.addr)} ${hex(c.length)}`;
    case "memwrite": {
      // A b64write whose data was shorter than told is sent as it came (QEMU logs the mismatch).
      const bytes = c.lengthMismatch !== undefined && c.lengthMismatch < c.length ? c.data.subarray(0, c.lengthMismatch) : c.data;
      const data = c.encoding === "hex" ? `0x${Buffer.from(bytes).toString("hex")}` : Buffer.from(bytes).toString("base64");
      return `${c.encoding === "hex" ? "write" : "b64write"} ${hex(c.addr)} ${hex(c.length)} ${data}`;
    }
    case "memset":
      return `memset ${hex(c.addr)} ${hex(c.length)} ${hex(c.byte)}`;
    case "clock_step":
      return c.ns === undefined ? "clock_step" : `clock_step ${c.ns}`;
    case "clock_set":
      return `clock_set ${c.ns}`;
    case "irq_intercept":
      return `irq_intercept_${c.direction} ${c.path}${c.gpio === undefined ? "" : ` ${c.gpio}`}`;
    case "set_irq_in":
      return `set_irq_in ${c.path} ${c.gpio} ${c.num} ${c.level}`;
    case "endianness":
      return "endianness";
    case "module_load":
      return `module_load ${c.prefix} ${c.name}`;
  }
}

/** A reply line (`OK …`, `FAIL …`, `ERR …`), or undefined when the text is not one. */
export function parseReply(text: string): QtestReply | undefined {
  const m = /^(OK|FAIL|ERR)(?: (.*))?$/.exec(text.trimEnd());
  if (!m) return undefined;
  return { status: m[1] as "OK" | "FAIL" | "ERR", text: m[2] ?? "" };
}

/** An `IRQ raise N` / `IRQ lower N` notification, or undefined. */
export function parseIrq(text: string): IrqNotice | undefined {
  const m = /^IRQ (raise|lower) (\d+)$/.exec(text.trimEnd());
  if (!m) return undefined;
  return { level: m[1] === "raise", line: Number(m[2]) };
}

/** The value of a successful register read (`OK 0x…`). Throws QtestSyntaxError. */
export function replyValue(cmd: QtestCommand & { op: "in" | "read" }, reply: string): bigint {
  if (!/^0x[0-9a-fA-F]+$/.test(reply)) bad(`expected 'OK 0x<hex>' as the reply to ${formatCommand(cmd)}, got 'OK ${reply}'`);
  const v = BigInt(reply);
  if (v > MASK[cmd.size]) bad(`reply 0x${v.toString(16)} to ${formatCommand(cmd)} is wider than ${cmd.size} byte(s)`);
  return v;
}

/** The bytes of a successful memory read (`OK 0x<hex>` or `OK <base64>`). Throws QtestSyntaxError. */
export function replyBytes(cmd: QtestCommand & { op: "memread" }, reply: string): Uint8Array {
  let data: Uint8Array;
  if (cmd.encoding === "hex") {
    if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(reply)) bad(`expected 'OK 0x<hex bytes>' as the reply to a read, got 'OK ${reply.slice(0, 40)}'`);
    data = new Uint8Array(Buffer.from(reply.slice(2), "hex"));
  } else {
    data = decodeBase64(reply, "reply");
  }
  if (data.length !== cmd.length) bad(`the reply holds ${data.length} bytes, the read asked for ${cmd.length}`);
  return data;
}

/** One line of a qtest log, a qtest script or a captured qtest conversation. */
export type QtestLine =
  | { type: "command"; text: string; timeNs?: number; dma: boolean; logged: boolean }
  | { type: "reply"; reply: QtestReply; timeNs?: number }
  | { type: "irq"; irq: IrqNotice; timeNs?: number }
  | { type: "note"; text: string; timeNs?: number }
  | { type: "opened" | "closed"; timeNs?: number }
  | { type: "empty" };

const TAGGED = /^((?:\[(?:DMA|DOUBLE-FETCH)\] )*)\[([RS]) \+(\d+(?:\.\d+)?)\](?: (.*))?$/;
const INFO = /^\[I \+?(\d+(?:\.\d+)?)\] (OPENED|CLOSED)$/;
const NOTE = /^b64write: data length mismatch \(told \d+, found \d+\)$/;

function seconds(text: string): number {
  const [whole, frac = ""] = text.split(".") as [string, string?];
  return Number(whole) * 1e9 + Number((frac + "000000000").slice(0, 9));
}

/**
 * Classifies one line. Log lines carry `[R +T]` (a command QEMU received), `[S +T]` (what
 * QEMU sent: a reply or an IRQ) or `[I T]` (the connection opened or closed); fuzzer logs
 * prefix their DMA fills with `[DMA] `. Bare lines are commands, replies or IRQs, as in
 * scripts and pasted conversations. `#` starts a comment line. Throws QtestSyntaxError.
 */
export function classifyLine(raw: string): QtestLine {
  const text = raw.trim();
  if (text === "" || text.startsWith("#")) return { type: "empty" };
  const info = INFO.exec(text);
  if (info) return { type: info[2] === "OPENED" ? "opened" : "closed", timeNs: seconds(info[1] as string) };
  const tagged = TAGGED.exec(text);
  if (tagged) {
    const dma = (tagged[1] ?? "").includes("[DMA]");
    const timeNs = seconds(tagged[3] as string);
    const body = (tagged[4] ?? "").trim();
    if (tagged[2] === "R") {
      if (body === "") bad("expected a command after '[R +T]'");
      return { type: "command", text: body, timeNs, dma, logged: true };
    }
    if (dma) bad("'[DMA]' tags only commands ([R +T] lines)");
    return sentLine(body, timeNs);
  }
  if (text.startsWith("[")) bad("expected '[R +T] command', '[S +T] reply', '[I T] OPENED|CLOSED' or a bare command");
  const sent = parseReply(text) ?? parseIrq(text);
  if (sent) return sentLine(text, undefined);
  return { type: "command", text, dma: false, logged: false };
}

function sentLine(body: string, timeNs: number | undefined): QtestLine {
  const reply = parseReply(body);
  if (reply) return timeNs === undefined ? { type: "reply", reply } : { type: "reply", reply, timeNs };
  const irq = parseIrq(body);
  if (irq) return timeNs === undefined ? { type: "irq", irq } : { type: "irq", irq, timeNs };
  if (NOTE.test(body)) return timeNs === undefined ? { type: "note", text: body } : { type: "note", text: body, timeNs };
  bad(`expected OK, FAIL, ERR or 'IRQ raise|lower N' after '[S +T]', got '${body.slice(0, 60)}'`);
}
