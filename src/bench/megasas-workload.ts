// A valid MegaRAID SAS (MFI) session, event by event, as devtape's reference driver
// (src/record/drivers/megasas.ts) and QEMU 7.2's megasas / megasas-gen2 produce it — the
// committed captures traces/qemu/megasas-gen{1,2}.jsonl, stretched to any length:
//
// - platform: the PIT silenced, bus 0 enumerated through 0xcf8/0xcfc (the chipset's
//   functions read what QEMU's pc / q35 answer with -nodefaults), the HBA's BARs sized and
//   programmed (gen1: registers in 64-bit BAR0, I/O BAR2; gen2: I/O BAR0, registers in
//   64-bit BAR1; both the 256 KiB queue BAR3), decoding and bus mastering on, INTx routed
//   (pc: PIIX PIRQs and the ELCR as SeaBIOS does it; q35: fixed), capabilities walked;
// - firmware: the state word through the memory and the I/O BAR, the READY doorbell, INIT
//   (reply queue of one entry per command, producer and consumer 0) posted with interrupts
//   masked and polled, OPERATIONAL, interrupts enabled;
// - requests: `requests` frames, `batch` at a time, a fixed 16-frame mix — LD READ (1–8
//   blocks) and LD WRITE (1–2 blocks), a PD READ(10), an LD WRITE(10) and an LD INQUIRY
//   passed through, and one DCMD (LD_GET_LIST or CTRL_CACHE_FLUSH, alternately) — each
//   written into a frame of a pool of max(16, batch) frames used in turn (context = frame
//   index), then posted one by one after a write barrier through the inbound queue port;
// - the device: DCMDs complete inside the queue-port write, SCSI I/O after every frame of
//   the batch is posted (odd batches in reverse order); the first completion rings the
//   doorbell and raises INTx. With `deviceDma`, also what QEMU reads and writes in guest
//   memory: the frame's context (ldq) and the frame itself (mapped), the consumer index at
//   enqueue, the data, cmd_status (and scsi_status), the reply entry, the consumer index
//   read back (twice with interrupts on) and the producer index;
// - the driver's interrupt handler: outbound interrupt status, its acknowledgement in the
//   doorbell clear register (INTx drops), the read-back (gen1 the clear register, gen2 the
//   status), the producer, a read barrier, each reply entry read and invalidated, a write
//   barrier, the consumer; then each frame's cmd_status and scsi_status (and the LD list);
// - shutdown: CTRL_CACHE_FLUSH and CTRL_SHUTDOWN in one batch, the firmware READY again.
//
// Unlike the reference driver, which checks QEMU's answers, the driver here does what an OS
// driver does: read buffers are not pre-filled and I/O data is not read back (it goes to
// the block layer); only the LD list is read. Markers are left out. From the PCI bring-up
// to interrupts enabled, the events are the captures' own, value for value.
//
// Deterministic from its options; replayed by the benchmark and by model tests that need
// long sessions with zero divergences and zero guest errors. The reply queue wraps at the
// firmware's command count (1000 / 1008), so long sessions exercise the wrap.
import {
  dcmdFrame,
  DCMD,
  FRAME_SIZE,
  FWINIT_ABORT,
  FWINIT_MFIMODE,
  FWINIT_READY,
  GEN1_REPLY_MESSAGE,
  GEN2_ENABLE_MASK,
  initFrame,
  inquiry,
  ldIoFrame,
  LD_LIST_SIZE,
  MFI_REG,
  queueInfo,
  queuePortValue,
  read10,
  scsiFrame,
  type Sge,
} from "../record/drivers/megasas-mfi.js";
import { Access, BarrierFlavour, BarrierKind, type EventProps, IrqAction } from "../schema/proto.js";

export interface MegasasWorkloadOptions {
  /** 1: `megasas` (SAS1078) on pc; 2: `megasas-gen2` (SAS2108) on q35. */
  generation: 1 | 2;
  /** Frames in the mix (INIT, the flush and the shutdown come on top). */
  requests: number;
  /** Frames posted per interrupt (1–64; default 8). */
  batch?: number;
  /** Include the device's own memory accesses (a capture that sees DMA). */
  deviceDma?: boolean;
}

/** What each generation is on, as the captures record it. */
export const MEGASAS_WORKLOAD_HBA = {
  1: { id: "megasas@00:04.0", kind: "megasas", machine: "pc", irq: 11, stateWord: 0xb450_03e8, osts: 0x8000_0001 },
  2: { id: "megasas-gen2@00:04.0", kind: "megasas-gen2", machine: "q35", irq: 20, stateWord: 0xb450_03f0, osts: 0x1 },
} as const;

/** Firmware state words after INIT: OPERATIONAL with the same constants. */
const OPERATIONAL = 0x1000_0000;
/** The disk: 2048 blocks of 512 bytes (the captures' 1 MiB pattern image) on target 0, LUN 0. */
const BLOCK = 512;
const DISK_BLOCKS = 2048;
const HBA_BDF = 4 << 3;

/** Guest memory, where the reference driver keeps it: frames, reply queue, producer, consumer, queue information. */
export const MEGASAS_WORKLOAD_MEMORY = {
  frames: 0x20_0000,
  replyQueue: 0x20_1000,
  producer: 0x20_1fc0,
  consumer: 0x20_2000,
  qinfo: 0x20_2040,
  /** Per frame: a 4 KiB data buffer and a 96-byte sense buffer (128 bytes apart). */
  data: 0x30_0000,
  sense: 0x2c_0000,
} as const;
const MEM = MEGASAS_WORKLOAD_MEMORY;
const POOL_MIN = 16;
const MAX_BATCH = 64;
const SENSE_LEN = 96;

/** The 16-frame mix, by request index mod 16. */
type Kind = "ld-read" | "ld-write" | "pd-read10" | "ld-write10" | "ld-inquiry" | "dcmd";
const MIX: readonly Kind[] = [
  "ld-read",
  "ld-write",
  "ld-read",
  "ld-read",
  "ld-write",
  "pd-read10",
  "ld-read",
  "dcmd",
  "ld-read",
  "ld-write",
  "ld-read",
  "ld-write10",
  "ld-read",
  "ld-write",
  "ld-inquiry",
  "ld-read",
];

/** Standard INQUIRY data of QEMU 7.2's scsi-hd, the 36 bytes the LD INQUIRY of the captures returns. */
const INQUIRY_DATA = Uint8Array.from([
  0x00,
  0x00,
  0x05,
  0x12,
  0x1f,
  0x00,
  0x00,
  0x12,
  ...Array.from("QEMU    QEMU HARDDISK   2.5+", (c) => c.charCodeAt(0)),
]);

/** struct mfi_ld_list as QEMU fills it for the one drive: count 1, target 0 OPTIMAL (3), 2048 blocks. */
function ldList(): Uint8Array {
  const b = new Uint8Array(LD_LIST_SIZE);
  b[0] = 1;
  b[12] = 3;
  b[16] = DISK_BLOCKS & 0xff;
  b[17] = DISK_BLOCKS >> 8;
  return b;
}

/** The chipset functions bus 0 shows with -nodefaults: [slot, function, id (vendor | device << 16), header type]. */
const CHIPSET: Record<1 | 2, [number, number, number, number][]> = {
  1: [
    [0, 0, 0x1237_8086, 0x00],
    [1, 0, 0x7000_8086, 0x80],
    [1, 1, 0x7010_8086, 0],
    [1, 3, 0x7113_8086, 0],
  ],
  2: [
    [0, 0, 0x29c0_8086, 0x00],
    [0x1f, 0, 0x2918_8086, 0x80],
    [0x1f, 2, 0x2922_8086, 0],
    [0x1f, 3, 0x2930_8086, 0],
  ],
};

/** The HBA's six BARs: [value after reset, what the all-ones write reads back, address assigned]. */
const BARS: Record<1 | 2, [number, number, number][]> = {
  1: [
    [0x4, 0xffff_c004, 0xfe00_0000],
    [0x0, 0xffff_ffff, 0],
    [0x1, 0xffff_ff01, 0xc000],
    [0x4, 0xfffc_0004, 0xfe04_0000],
    [0x0, 0xffff_ffff, 0],
    [0x0, 0x0, 0],
  ],
  2: [
    [0x1, 0xffff_ff01, 0xc000],
    [0x4, 0xffff_c004, 0xfe00_0000],
    [0x0, 0xffff_ffff, 0],
    [0x4, 0xfffc_0004, 0xfe04_0000],
    [0x0, 0xffff_ffff, 0],
    [0x0, 0x0, 0],
  ],
};
const REGS = 0xfe00_0000;
const IO = 0xc000;

/** `v` (below 2^32) as `n` little-endian bytes. */
const le = (v: number, n: 1 | 2 | 4): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (v >>> (8 * i)) & 0xff;
  return out;
};

interface Request {
  kind: Kind;
  frame: number;
  context: number;
  /** Data the device writes (length, and the bytes or a fill byte) or reads. */
  dataIn?: { addr: number; len: number; bytes?: Uint8Array; fill?: number };
  dataOut?: { addr: number; bytes: Uint8Array };
  /** A DCMD QEMU answers inside the queue-port write. */
  sync: boolean;
  /** The driver reads the data-in buffer after completion (the LD list it asked for). */
  driverReads: boolean;
}

export function megasasWorkload(opts: MegasasWorkloadOptions): EventProps[] {
  const gen = opts.generation;
  const hba = MEGASAS_WORKLOAD_HBA[gen];
  const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(opts.batch ?? 8)));
  const pool = Math.max(POOL_MIN, batch);
  const dma = opts.deviceDma === true;
  const sgl64 = gen === 2;
  const fwCmds = hba.stateWord & 0xffff;
  const events: EventProps[] = [];
  let t = 0;
  const cpu = { cpu: 0 };
  const dev = { device: hba.id };
  const R = Access.ACCESS_READ;
  const W = Access.ACCESS_WRITE;
  const push = (agent: EventProps["agent"], payload: EventProps) => {
    t += 100;
    events.push({ timeNs: t, agent, ...payload });
  };
  const pio = (op: number, port: number, size: number, value: number) => push(cpu, { pio: { op, port, size, value: value >>> 0 } });
  const reg = (op: number, off: number, value: number) => push(cpu, { mmio: { op, addr: REGS + off, size: 4, value: value >>> 0 } });
  const mem = (agent: EventProps["agent"], op: number, addr: number, data: Uint8Array) => push(agent, { memory: { op, addr, data } });
  const fill = (agent: EventProps["agent"], addr: number, len: number, byte: number) =>
    push(agent, { memory: { op: W, addr, fillLength: len, fillByte: byte } });
  const barrier = (kind: number, flavour: number) => push(cpu, { barrier: { kind, flavour } });
  const irq = (action: number) => push(dev, { interrupt: { line: hba.irq, action } });

  // ---- PCI configuration through mechanism #1 ----
  const select = (bdf: number, off: number) => pio(W, 0xcf8, 4, 0x8000_0000 | (bdf << 8) | (off & 0xfc));
  const cfgRead = (bdf: number, off: number, size: 1 | 2 | 4, value: number) => {
    select(bdf, off);
    pio(R, 0xcfc + (off & (4 - size)), size, value);
  };
  const cfgWrite = (bdf: number, off: number, size: 1 | 2 | 4, value: number) => {
    select(bdf, off);
    pio(W, 0xcfc + (off & (4 - size)), size, value);
  };

  push({ host: true }, { machine: { type: hba.machine, ramSize: 128 * 2 ** 20 } });
  push({ host: true }, { attach: { id: hba.id, kind: hba.kind, pciBdf: HBA_BDF, irq: hba.irq } });
  pio(W, 0x43, 1, 0x30); // PIT channel 0 to mode 0, no count: IRQ 0 stays quiet

  // Bus 0: every slot's vendor id, the header type of those present, the functions of multi-function ones.
  const present = new Map<number, [number, number]>(CHIPSET[gen].map(([s, f, id, h]) => [(s << 3) | f, [id, h]]));
  present.set(HBA_BDF, [0x1000 | ((gen === 1 ? 0x0060 : 0x0079) << 16), 0]);
  for (let slot = 0; slot < 32; slot++) {
    const f0 = present.get(slot << 3);
    cfgRead(slot << 3, 0x00, 4, f0?.[0] ?? 0xffff_ffff);
    if (f0 === undefined) continue;
    cfgRead(slot << 3, 0x0e, 1, f0[1]);
    if ((f0[1] & 0x80) === 0) continue;
    for (let fn = 1; fn < 8; fn++) cfgRead((slot << 3) | fn, 0x00, 4, present.get((slot << 3) | fn)?.[0] ?? 0xffff_ffff);
  }
  // BAR sizing: each BAR (and the upper half of a 64-bit one) read, all ones, the mask, restored.
  const bars = BARS[gen];
  bars.forEach(([orig, mask], i) => {
    cfgRead(HBA_BDF, 0x10 + 4 * i, 4, orig);
    cfgWrite(HBA_BDF, 0x10 + 4 * i, 4, 0xffff_ffff);
    cfgRead(HBA_BDF, 0x10 + 4 * i, 4, mask);
    cfgWrite(HBA_BDF, 0x10 + 4 * i, 4, orig);
  });
  bars.forEach(([, mask, addr], i) => {
    const upper = i > 0 && ((bars[i - 1] as [number, number, number])[1] & 0x7) === 0x4;
    if (mask !== 0 && (addr !== 0 || upper)) cfgWrite(HBA_BDF, 0x10 + 4 * i, 4, addr);
  });
  cfgRead(HBA_BDF, 0x04, 2, 0);
  cfgWrite(HBA_BDF, 0x04, 2, 0x7); // I/O, memory, bus master
  cfgRead(HBA_BDF, 0x3d, 1, 1); // INTA
  if (gen === 1) {
    [10, 10, 11, 11].forEach((line, i) => cfgWrite(1 << 3, 0x60 + i, 1, line)); // PIIX3 PIRQA..D
    pio(W, 0x4d0, 1, 0x00); // ELCR: IRQ 10 and 11 level-triggered
    pio(W, 0x4d1, 1, 0x0c);
  }
  cfgWrite(HBA_BDF, 0x3c, 1, hba.irq);
  cfgRead(HBA_BDF, 0x06, 2, 0x10); // capability list present
  if (gen === 1) cfgRead(HBA_BDF, 0x34, 1, 0x68);
  else {
    cfgRead(HBA_BDF, 0x34, 1, 0xa0);
    cfgRead(HBA_BDF, 0xa0, 2, 0x6810); // PCI Express
  }
  cfgRead(HBA_BDF, 0x68, 2, 0x5011); // MSI-X
  cfgRead(HBA_BDF, 0x50, 2, 0x0005); // MSI, last
  const mmioBar = gen === 1 ? 0 : 1;
  cfgRead(HBA_BDF, 0x68, 4, 0x000e_5011); // 15 vectors, disabled
  cfgRead(HBA_BDF, 0x6c, 4, 0x2000 | mmioBar);
  cfgRead(HBA_BDF, 0x70, 4, 0x3800 | mmioBar);

  // ---- firmware: READY, INIT, OPERATIONAL, interrupts on ----
  reg(R, MFI_REG.OSP0, hba.stateWord);
  pio(R, IO + MFI_REG.OSP0, 4, hba.stateWord);
  reg(W, MFI_REG.IDB, FWINIT_ABORT | FWINIT_READY | FWINIT_MFIMODE);
  reg(R, MFI_REG.OSP0, hba.stateWord);
  reg(R, MFI_REG.OMSK, 0xffff_ffff);
  fill(cpu, MEM.replyQueue, 4 * fwCmds, 0xff);
  mem(cpu, W, MEM.producer, le(0, 4));
  mem(cpu, W, MEM.consumer, le(0, 4));
  const qinfo = queueInfo(fwCmds, MEM.replyQueue, MEM.producer, MEM.consumer);
  mem(cpu, W, MEM.qinfo, qinfo);
  const init = initFrame(0, MEM.qinfo);
  mem(cpu, W, MEM.frames, init);
  barrier(BarrierKind.BARRIER_KIND_WRITE, BarrierFlavour.BARRIER_FLAVOUR_MANDATORY);
  reg(W, MFI_REG.IQP, queuePortValue(MEM.frames));
  if (dma) {
    // megasas_handle_frame → megasas_init_firmware; no consumer yet, interrupts masked: no producer update.
    mem(dev, R, MEM.frames + 8, init.slice(8, 16));
    mem(dev, R, MEM.frames, init);
    mem(dev, R, MEM.qinfo, qinfo);
    mem(dev, R, MEM.producer, le(0, 4));
    mem(dev, R, MEM.consumer, le(0, 4));
    mem(dev, W, MEM.frames + 2, le(0, 1));
    mem(dev, W, MEM.replyQueue, le(0, 4));
    mem(dev, R, MEM.consumer, le(0, 4));
  }
  push(cpu, { memory: { op: R, addr: MEM.frames + 2, data: le(0, 1) } }); // polled cmd_status
  reg(R, MFI_REG.OSP0, hba.stateWord + OPERATIONAL);
  reg(W, MFI_REG.ODCR0, 0xffff_ffff);
  const mask = gen === 1 ? ~GEN1_REPLY_MESSAGE : ~GEN2_ENABLE_MASK;
  reg(W, MFI_REG.OMSK, mask);
  reg(R, MFI_REG.OMSK, mask);

  // ---- requests ----
  let head = 0; // the device's reply queue head = the driver's consumer between batches
  let consumer = 0;
  let doorbell = 0;

  /** The device completes a frame (megasas_complete_frame with interrupts enabled). */
  const complete = (q: Request) => {
    if (dma) {
      if (q.dataIn) {
        if (q.dataIn.bytes) mem(dev, W, q.dataIn.addr, q.dataIn.bytes);
        else fill(dev, q.dataIn.addr, q.dataIn.len, q.dataIn.fill ?? 0);
      }
      if (q.dataOut) mem(dev, R, q.dataOut.addr, q.dataOut.bytes);
      // SCSI I/O sets scsi_status and cmd_status; a DCMD only cmd_status.
      mem(dev, W, MEM.frames + FRAME_SIZE * q.frame + 2, q.sync ? le(0, 1) : le(0, 2));
      mem(dev, W, MEM.replyQueue + 4 * head, le(q.context, 4));
      mem(dev, R, MEM.consumer, le(consumer, 4));
      mem(dev, R, MEM.consumer, le(consumer, 4));
    }
    head = (head + 1) % fwCmds;
    if (dma) mem(dev, W, MEM.producer, le(head, 4));
    if (++doorbell === 1) irq(IrqAction.IRQ_ACTION_ASSERT);
  };

  /** Writes the request's buffers and frame (the driver's side before the post). */
  const prepare = (kind: Kind, n: number, frame: number): { q: Request; bytes: Uint8Array } => {
    const frameAddr = MEM.frames + FRAME_SIZE * frame;
    const buf = MEM.data + 0x1000 * frame;
    const sense: Sge = { addr: MEM.sense + 128 * frame, len: SENSE_LEN };
    const q: Request = { kind, frame, context: frame, sync: false, driverReads: false };
    const lba = (n * 37) % (DISK_BLOCKS - 8);
    let bytes: Uint8Array;
    switch (kind) {
      case "ld-read": {
        const count = 1 + (Math.floor(n / 16) % 8);
        q.dataIn = { addr: buf, len: count * BLOCK, fill: lba & 0xff };
        bytes = ldIoFrame(frame, false, 0, lba, count, [{ addr: buf, len: count * BLOCK }], sgl64, sense);
        break;
      }
      case "ld-write":
      case "ld-write10": {
        const count = kind === "ld-write" ? 1 + (Math.floor(n / 16) % 2) : 1;
        const data = new Uint8Array(count * BLOCK).fill((n * 13) & 0xff);
        mem(cpu, W, buf, data);
        q.dataOut = { addr: buf, bytes: data };
        const sge = [{ addr: buf, len: data.length }];
        bytes =
          kind === "ld-write"
            ? ldIoFrame(frame, true, 0, lba, count, sge, sgl64, sense)
            : scsiFrame(frame, false, 0, 0, write10(lba, count), sge, true, sgl64, sense);
        break;
      }
      case "pd-read10":
        q.dataIn = { addr: buf, len: BLOCK, fill: (lba + 1) & 0xff };
        bytes = scsiFrame(frame, true, 0, 0, read10(lba, 1), [{ addr: buf, len: BLOCK }], false, sgl64, sense);
        break;
      case "ld-inquiry":
        q.dataIn = { addr: buf, len: INQUIRY_DATA.length, bytes: INQUIRY_DATA };
        bytes = scsiFrame(frame, false, 0, 0, inquiry(INQUIRY_DATA.length), [{ addr: buf, len: INQUIRY_DATA.length }], false, sgl64, sense);
        break;
      case "dcmd":
        q.sync = true;
        if (Math.floor(n / 16) % 2 === 0) {
          q.dataIn = { addr: buf, len: LD_LIST_SIZE, bytes: ldList() };
          q.driverReads = true;
          bytes = dcmdFrame(frame, DCMD.LD_GET_LIST, { addr: buf, len: LD_LIST_SIZE }, sgl64);
        } else bytes = dcmdFrame(frame, DCMD.CTRL_CACHE_FLUSH, undefined, sgl64);
        break;
    }
    mem(cpu, W, frameAddr, bytes);
    return { q, bytes };
  };

  /** Posts a batch, lets the device complete it, and runs the interrupt handler. */
  const runBatch = (placed: { q: Request; bytes: Uint8Array }[], reverse: boolean) => {
    doorbell = 0;
    const async: Request[] = [];
    for (const { q, bytes } of placed) {
      const frameAddr = MEM.frames + FRAME_SIZE * q.frame;
      barrier(BarrierKind.BARRIER_KIND_WRITE, BarrierFlavour.BARRIER_FLAVOUR_MANDATORY);
      reg(W, MFI_REG.IQP, queuePortValue(frameAddr));
      if (dma) {
        mem(dev, R, frameAddr + 8, bytes.slice(8, 16));
        mem(dev, R, frameAddr, bytes);
        mem(dev, R, MEM.consumer, le(consumer, 4));
      }
      if (q.sync) complete(q);
      else async.push(q);
    }
    if (reverse) async.reverse();
    const order = [...placed.filter((p) => p.q.sync).map((p) => p.q), ...async];
    for (const q of async) complete(q);
    // The interrupt handler.
    reg(R, MFI_REG.OSTS, hba.osts);
    reg(W, MFI_REG.ODCR0, hba.osts);
    irq(IrqAction.IRQ_ACTION_DEASSERT);
    if (gen === 1) reg(R, MFI_REG.ODCR0, 0);
    else reg(R, MFI_REG.OSTS, 0);
    mem(cpu, R, MEM.producer, le(head, 4));
    push(cpu, { barrier: { kind: BarrierKind.BARRIER_KIND_READ, flavour: BarrierFlavour.BARRIER_FLAVOUR_DMA } });
    for (const q of order) {
      const entry = MEM.replyQueue + 4 * consumer;
      mem(cpu, R, entry, le(q.context, 4));
      mem(cpu, W, entry, le(0xffff_ffff, 4));
      consumer = (consumer + 1) % fwCmds;
    }
    push(cpu, { barrier: { kind: BarrierKind.BARRIER_KIND_WRITE, flavour: BarrierFlavour.BARRIER_FLAVOUR_DMA } });
    mem(cpu, W, MEM.consumer, le(consumer, 4));
    for (const { q } of placed) {
      const frameAddr = MEM.frames + FRAME_SIZE * q.frame;
      mem(cpu, R, frameAddr + 2, le(0, 1));
      mem(cpu, R, frameAddr + 3, le(0, 1));
      if (q.driverReads && q.dataIn?.bytes) mem(cpu, R, q.dataIn.addr, q.dataIn.bytes);
    }
  };

  let done = 0;
  let batches = 0;
  while (done < opts.requests) {
    const n = Math.min(batch, opts.requests - done);
    const placed: { q: Request; bytes: Uint8Array }[] = [];
    for (let k = 0; k < n; k++) placed.push(prepare(MIX[(done + k) % MIX.length] as Kind, done + k, (done + k) % pool));
    runBatch(placed, batches % 2 === 1);
    done += n;
    batches++;
  }

  // ---- shutdown: CTRL_CACHE_FLUSH and CTRL_SHUTDOWN, READY again ----
  const shutdown = [DCMD.CTRL_CACHE_FLUSH, DCMD.CTRL_SHUTDOWN].map((op, i) => {
    const frame = (done + i) % pool;
    const bytes = dcmdFrame(frame, op, undefined, sgl64);
    mem(cpu, W, MEM.frames + FRAME_SIZE * frame, bytes);
    return { q: { kind: "dcmd" as Kind, frame, context: frame, sync: true, driverReads: false }, bytes };
  });
  runBatch(shutdown, false);
  reg(R, MFI_REG.OSP0, hba.stateWord);
  return events.map((e, i) => ({ ...e, seq: i }));
}

/** WRITE(10) of `count` blocks at `lba`. */
function write10(lba: number, count: number): number[] {
  return [0x2a, 0, (lba >>> 24) & 0xff, (lba >>> 16) & 0xff, (lba >>> 8) & 0xff, lba & 0xff, 0, (count >> 8) & 0xff, count & 0xff, 0];
}
