// What a qtest command means as devtape events, shared by the live recorder and the log
// importer so that a capture and QEMU's log of the same run give the same events.
//
// Port I/O becomes pio events. readX/writeX become mmio events, unless the whole access
// falls in guest RAM (per the machine's RAM map), where they are memory events: a driver
// storing a ring index with writew is writing memory, not a register. read/write/b64read/
// b64write/memset are always memory events (memset as a fill). set_irq_in is an interrupt
// driven by the host. Commands QEMU refused (FAIL, ERR) did nothing and give no event.
// IRQ notifications become interrupt events of the device wired to that line, or of the
// host when no known device is.
import { ramClassifier } from "../../model/machine/memory-map.js";
import { Access, type AgentProps, type EventProps, IrqAction } from "../../schema/proto.js";
import { type IrqNotice, type QtestCommand, type QtestReply, replyBytes, replyValue } from "./protocol.js";
import type { QtestTopology } from "./topology.js";

/** The guest CPU every qtest access is attributed to. */
export const DRIVER: AgentProps = { cpu: 0 };

export interface CommandEvents {
  events: EventProps[];
  /** The command read something but no reply says what: a register read was kept with value 0, a memory read left out. */
  readWithoutReply?: "register" | "memory";
}

function le(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

export class QtestEventMapper {
  readonly isRam: (addr: number, size: number) => boolean;
  private readonly irqOwners = new Map<number, string>();

  constructor(readonly topology: QtestTopology) {
    this.isRam = ramClassifier(topology.machine.type, topology.machine.ramSize);
    for (const d of topology.devices) if (d.irq !== undefined && !this.irqOwners.has(d.irq)) this.irqOwners.set(d.irq, d.id);
  }

  /** The device wired to an interrupt line, or the host. */
  irqAgent(line: number): AgentProps {
    const id = this.irqOwners.get(line);
    return id === undefined ? { host: true } : { device: id };
  }

  irqEvent(n: IrqNotice): EventProps {
    return {
      agent: this.irqAgent(n.line),
      interrupt: { line: n.line, action: n.level ? IrqAction.IRQ_ACTION_ASSERT : IrqAction.IRQ_ACTION_DEASSERT },
    };
  }

  /**
   * True when the command cannot have changed an interrupt line: it only touched guest RAM
   * (QEMU does not trap RAM) or did not touch the machine. An IRQ notification that reaches
   * the client while such a command is outstanding was raised before QEMU processed it,
   * so its event goes before the command's. For any other command it may be the command's
   * own effect (an ISR read lowering the line) and goes after.
   */
  cannotRaiseIrq(cmd: QtestCommand): boolean {
    switch (cmd.op) {
      case "read":
      case "write":
        return this.isRam(cmd.addr, cmd.size);
      case "memread":
      case "memwrite":
      case "memset":
        return cmd.length === 0 || this.isRam(cmd.addr, cmd.length);
      case "irq_intercept":
      case "endianness":
      case "module_load":
        return true;
      default:
        return false;
    }
  }

  /**
   * True when an IRQ notification only reports what the command itself did: set_irq_in
   * driving the intercepted line it names. The command's own interrupt event stands for it.
   */
  echoesCommand(cmd: QtestCommand, irq: IrqNotice): boolean {
    return cmd.op === "set_irq_in" && cmd.num === irq.line && (cmd.level !== 0) === irq.level;
  }

  /**
   * The events of one command. `reply` is QEMU's answer, or undefined when none is known
   * (a script, or a log cut short by a crash). Throws QtestSyntaxError when the reply does
   * not fit the command (a read answered without a value).
   */
  commandEvents(cmd: QtestCommand, reply: QtestReply | undefined): CommandEvents {
    if (reply !== undefined && reply.status !== "OK") return { events: [] };
    const R = Access.ACCESS_READ;
    const W = Access.ACCESS_WRITE;
    const one = (ev: Omit<EventProps, "agent">): CommandEvents => ({ events: [{ agent: DRIVER, ...ev }] });
    switch (cmd.op) {
      case "out":
        return one({ pio: { op: W, port: cmd.port, size: cmd.size, value: cmd.value } });
      case "in": {
        if (reply === undefined)
          return { ...one({ pio: { op: R, port: cmd.port, size: cmd.size, value: 0 } }), readWithoutReply: "register" };
        return one({ pio: { op: R, port: cmd.port, size: cmd.size, value: Number(replyValue(cmd, reply.text)) } });
      }
      case "write":
        if (this.isRam(cmd.addr, cmd.size)) return one({ memory: { op: W, addr: cmd.addr, data: le(cmd.value, cmd.size) } });
        return one({ mmio: mmio(W, cmd.addr, cmd.size, cmd.value) });
      case "read": {
        const ram = this.isRam(cmd.addr, cmd.size);
        if (reply === undefined) {
          if (ram) return { events: [], readWithoutReply: "memory" };
          return { ...one({ mmio: mmio(R, cmd.addr, cmd.size, 0n) }), readWithoutReply: "register" };
        }
        const value = replyValue(cmd, reply.text);
        if (ram) return one({ memory: { op: R, addr: cmd.addr, data: le(value, cmd.size) } });
        return one({ mmio: mmio(R, cmd.addr, cmd.size, value) });
      }
      case "memread":
        if (reply === undefined) return { events: [], readWithoutReply: "memory" };
        return one({ memory: { op: R, addr: cmd.addr, data: replyBytes(cmd, reply.text) } });
      case "memwrite":
        if (cmd.rejected !== undefined || cmd.length === 0) return { events: [] };
        return one({ memory: { op: W, addr: cmd.addr, data: cmd.data } });
      case "memset":
        if (cmd.length === 0) return { events: [] };
        return one({ memory: { op: W, addr: cmd.addr, fillLength: cmd.length, fillByte: cmd.byte } });
      case "set_irq_in":
        return {
          events: [
            {
              agent: { host: true },
              interrupt: { line: cmd.num, action: cmd.level !== 0 ? IrqAction.IRQ_ACTION_ASSERT : IrqAction.IRQ_ACTION_DEASSERT },
            },
          ],
        };
      default:
        return { events: [] };
    }
  }
}

function mmio(op: number, addr: number, size: number, value: bigint) {
  const m: { op: number; addr: number; size: number; value: number; valueHi?: number } = {
    op,
    addr,
    size,
    value: Number(value & 0xffff_ffffn),
  };
  if (size === 8) m.valueHi = Number(value >> 32n);
  return m;
}
