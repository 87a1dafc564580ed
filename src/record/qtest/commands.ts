// The typed qtest operations (outb … readq, memread/memwrite, memset, IRQ interception),
// written once over a single `send` so that the live client and the recorder that wraps
// it offer the same interface: a driver written against QtestCommands runs unrecorded on
// the client or recorded on the recorder without a change.
import { type QtestCommand, type QtestReply, formatCommand, replyBytes, replyValue } from "../../io/qtest/protocol.js";

/** QEMU answered a command with FAIL or ERR. */
export class QtestRefusedError extends Error {
  override readonly name = "QtestRefusedError";
  constructor(
    readonly command: string,
    readonly reply: QtestReply,
  ) {
    super(`QEMU refused '${command}': ${reply.status}${reply.text ? ` ${reply.text}` : ""}`);
  }
}

export abstract class QtestCommands {
  /** Sends one command and resolves with QEMU's reply, whatever its status. */
  abstract send(cmd: QtestCommand): Promise<QtestReply>;

  /** Sends a command and returns the text after OK; throws QtestRefusedError on FAIL/ERR. */
  async ok(cmd: QtestCommand): Promise<string> {
    const reply = await this.send(cmd);
    if (reply.status !== "OK") throw new QtestRefusedError(formatCommand(cmd), reply);
    return reply.text;
  }

  async outb(port: number, value: number): Promise<void> {
    await this.ok({ op: "out", size: 1, port, value: value & 0xff });
  }
  async outw(port: number, value: number): Promise<void> {
    await this.ok({ op: "out", size: 2, port, value: value & 0xffff });
  }
  async outl(port: number, value: number): Promise<void> {
    await this.ok({ op: "out", size: 4, port, value: value >>> 0 });
  }
  private async in(size: 1 | 2 | 4, port: number): Promise<number> {
    const cmd = { op: "in", size, port } as const;
    return Number(replyValue(cmd, await this.ok(cmd)));
  }
  inb(port: number): Promise<number> {
    return this.in(1, port);
  }
  inw(port: number): Promise<number> {
    return this.in(2, port);
  }
  inl(port: number): Promise<number> {
    return this.in(4, port);
  }

  private async write(size: 1 | 2 | 4 | 8, addr: number, value: number | bigint): Promise<void> {
    const mask = size === 8 ? 0xffff_ffff_ffff_ffffn : (1n << BigInt(8 * size)) - 1n;
    await this.ok({ op: "write", size, addr, value: BigInt(value) & mask });
  }
  writeb(addr: number, value: number): Promise<void> {
    return this.write(1, addr, value);
  }
  writew(addr: number, value: number): Promise<void> {
    return this.write(2, addr, value);
  }
  writel(addr: number, value: number): Promise<void> {
    return this.write(4, addr, value);
  }
  writeq(addr: number, value: number | bigint): Promise<void> {
    return this.write(8, addr, value);
  }

  private async read(size: 1 | 2 | 4 | 8, addr: number): Promise<bigint> {
    const cmd = { op: "read", size, addr } as const;
    return replyValue(cmd, await this.ok(cmd));
  }
  async readb(addr: number): Promise<number> {
    return Number(await this.read(1, addr));
  }
  async readw(addr: number): Promise<number> {
    return Number(await this.read(2, addr));
  }
  async readl(addr: number): Promise<number> {
    return Number(await this.read(4, addr));
  }
  readq(addr: number): Promise<bigint> {
    return this.read(8, addr);
  }

  /** Reads guest memory (b64read, or read with hex data). */
  async memread(addr: number, length: number, encoding: "b64" | "hex" = "b64"): Promise<Uint8Array> {
    const cmd = { op: "memread", encoding, addr, length } as const;
    return replyBytes(cmd, await this.ok(cmd));
  }

  /** Writes guest memory (b64write, or write with hex data). */
  async memwrite(addr: number, data: Uint8Array, encoding: "b64" | "hex" = "b64"): Promise<void> {
    if (data.length === 0) return;
    await this.ok({ op: "memwrite", encoding, addr, length: data.length, data });
  }

  async memset(addr: number, length: number, byte: number): Promise<void> {
    await this.ok({ op: "memset", addr, length, byte: byte & 0xff });
  }

  /** Advances QEMU's virtual clock (only under -accel qtest); returns the clock in ns. */
  async clockStep(ns?: bigint): Promise<bigint> {
    const text = await this.ok(ns === undefined ? { op: "clock_step" } : { op: "clock_step", ns });
    return BigInt(text);
  }

  /** Reports the device's gpio-in lines as IRQ notifications (libqtest: "ioapic" on x86). */
  async irqInterceptIn(path: string): Promise<void> {
    await this.ok({ op: "irq_intercept", direction: "in", path });
  }
  async irqInterceptOut(path: string, gpio?: string): Promise<void> {
    await this.ok(
      gpio === undefined ? { op: "irq_intercept", direction: "out", path } : { op: "irq_intercept", direction: "out", path, gpio },
    );
  }
  async setIrqIn(path: string, gpio: string, num: number, level: number): Promise<void> {
    await this.ok({ op: "set_irq_in", path, gpio, num, level });
  }
}
