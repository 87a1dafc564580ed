// The transport-independent part of a virtio device, after QEMU's VirtIODevice: status,
// feature negotiation, queues, the interrupt status (ISR), the config generation and the
// device config space. Transports (virtio-mmio, virtio-pci) map registers onto it.
//
// Values a device reports but a capture's driver cannot set — the features QEMU offers, the
// device id, the config space, which queues exist — differ between QEMU versions and device
// properties. The model learns each on its first read and then holds the device to it: a
// later read that differs is a divergence, as is any value the spec rules out.
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";
import { blkChainDecoder } from "../virtio-blk/decode.js";
import { CDB_SIZE_OFFSET, DEFAULT_CDB_SIZE, DEFAULT_SENSE_SIZE, SENSE_SIZE_OFFSET, scsiChainDecoder } from "../virtio-scsi/decode.js";
import { DEVICE_TYPES, Feature, Status, statusNames, VIRTQUEUE_MAX_SIZE } from "./constants.js";
import { Handler, type SuppressionMode } from "./notification-suppression.js";
import { type ChainDecoder, SplitVirtqueue } from "./split-virtqueue.js";
import { argNumber, type ObservationArgs, TracePoints } from "./trace-points.js";

// Guest errors' sentences, made only for reports kept (report.ts: Why).
const clearedWithoutReset = (cleared: number, old: number, v: number) =>
  `status bits ${statusNames(cleared)} cleared without a reset (${hex(old)} → ${hex(v)})`;
const notifyNotSetUp = (n: number) => `notify of queue ${n}, which is not set up`;
const notifyBeforeDriverOk = (n: number) =>
  `notify of queue ${n} before DRIVER_OK (virtio 1.x §3.1.1: the driver must not notify the device before setting DRIVER_OK; QEMU serves it anyway)`;
const sizeAboveMax = (n: number, num: number) => `queue ${n} size ${num} is above the maximum ${VIRTQUEUE_MAX_SIZE}; ignored`;
const sizeNotPowerOf2 = (n: number, num: number) => `queue ${n} size ${num} is not a power of 2`;

/** Which queues' interrupts a message can be (an MSI-X vector's); undefined: any. */
export interface InterruptSource {
  queue(n: number): boolean;
  config: boolean;
}

const genericDecoder: ChainDecoder = (buffers) => ({
  expectedLen: undefined,
  summary: `${buffers.length} buffer(s), ${buffers.reduce((n, b) => n + b.len, 0)} bytes`,
});

/** virtio-scsi's writable config fields (sense_size, cdb_size): QEMU keeps what the driver writes there. */
const SCSI_WRITABLE = { start: SENSE_SIZE_OFFSET, end: CDB_SIZE_OFFSET + 4 };

export class VirtioCore {
  /** Virtio device type (2 = block, 8 = SCSI), from the attach event or learned. */
  deviceType: number | undefined;
  /** Device features as the transport reports them, per 32-bit word, once read. */
  hostFeatures: (number | undefined)[] = [undefined, undefined];
  /** Driver features per 32-bit word, as accepted by the device. */
  guestFeatures = [0, 0];
  status = 0;
  queueSel = 0;
  queues = new Map<number, SplitVirtqueue>();
  /** The same queues as an array. */
  queueList: SplitVirtqueue[] = [];
  /**
   * The queues set up (desc and size) at some time since the reset, by index: only they can
   * have completions or explain an interrupt, so the interrupt paths look at them and not at
   * every queue a driver ever selected. Derived state, not encoded (decode rebuilds it).
   */
  private setUp: SplitVirtqueue[] = [];
  /** Told when a queue's ring layout changes (the machine's used-ring index listens). */
  onLayout: ((q: SplitVirtqueue) => void) | undefined;
  private readonly observer = {
    layoutChanged: (q: SplitVirtqueue) => {
      if (q.configured) this.noteSetUp(q);
      this.onLayout?.(q);
    },
  };

  private noteSetUp(q: SplitVirtqueue): void {
    if (q.listedSetUp) return;
    q.listedSetUp = true;
    let i = this.setUp.length;
    while (i > 0 && (this.setUp[i - 1] as SplitVirtqueue).index > q.index) i--;
    this.setUp.splice(i, 0, q);
  }
  isr = 0;
  /**
   * Whether the model knows the ISR: since a reset, or since a read showed it (a capture that
   * starts mid-life may open with a notification pending). Until then any value reads.
   */
  isrKnown = false;
  configGeneration: number | undefined;
  /** Learned config-space bytes. */
  config = new Map<number, number>();
  /** QEMU's vdev->broken: set by virtio_error, stops the device until reset. */
  broken = false;
  /** Interrupts the device raised (asserts and pulses seen). */
  interrupts = 0;
  /** QEMU's own trace points about the device, checked against the model. */
  trace = new TracePoints();
  /** The value of a status write whose virtio_set_status trace point has not come yet. */
  private statusWritten: number | undefined;
  /** The queue of a notify write whose virtio_queue_notify trace point has not come yet. */
  private notifyWritten: number | undefined;
  /** Requests popped over the device's life, by "queue: kind" (not cleared by a reset). */
  requests = new Map<string, number>();
  /** The capture showed a reset: from then on the model knows every queue and notification the device has. */
  known = false;
  /** The driver has written its features since the reset. */
  featuresWritten = false;
  /** A configuration-change notification (virtio_error's) that no interrupt has taken and no acknowledgement cleared. */
  configPending = false;
  /** The negotiated features that rule notification suppression (kept in step with guestFeatures). */
  readonly suppression: SuppressionMode = { eventIdx: false, notifyOnEmpty: false };

  constructor(
    readonly id: string,
    deviceType: number | undefined,
  ) {
    this.deviceType = deviceType;
  }

  queue(n: number): SplitVirtqueue {
    let q = this.queues.get(n);
    if (q === undefined) {
      q = new SplitVirtqueue(n);
      q.observer = this.observer;
      q.catchUp = this.catchUpOf(q);
      this.queues.set(n, q);
      this.queueList.push(q);
    }
    return q;
  }

  /** What SplitVirtqueue.catchUp does for queue `q`: the device's handler takes what is published, as on a notify. */
  private catchUpOf(q: SplitVirtqueue): (r: Reporter, memory: GuestMemory) => void {
    return (r, memory) => {
      if (!this.broken) this.notifyQueue(r, memory, q, q.index, null);
    };
  }

  /** QEMU's virtio_reset. */
  reset(): void {
    this.status = 0;
    this.guestFeatures = [0, 0];
    this.known = true;
    this.featuresWritten = false;
    this.configPending = false;
    this.updateSuppression();
    this.queueSel = 0;
    this.isr = 0;
    this.isrKnown = true;
    this.completedUnacknowledged = false;
    this.unexplained = undefined;
    this.broken = false;
    for (const q of this.queues.values()) q.reset();
    for (const q of this.setUp) q.listedSetUp = false;
    this.setUp = [];
    this.trace.reset();
    // virtio-scsi: "sense_size … cdb_size … restored to the default when the device is reset".
    if (this.deviceType === DEVICE_TYPES.scsi) {
      this.setConfigU32(SENSE_SIZE_OFFSET, DEFAULT_SENSE_SIZE);
      this.setConfigU32(CDB_SIZE_OFFSET, DEFAULT_CDB_SIZE);
    }
  }

  private setConfigU32(offset: number, v: number): void {
    for (let i = 0; i < 4; i++) this.config.set(offset + i, (v >>> (8 * i)) & 0xff);
  }

  /** A little-endian u32 of the config space, when every byte is known. */
  private configU32(offset: number): number | undefined {
    let v = 0;
    for (let i = 3; i >= 0; i--) {
      const b = this.config.get(offset + i);
      if (b === undefined) return undefined;
      v = v * 256 + b;
    }
    return v;
  }

  /**
   * Whether bytes [addr, addr + len) overlap a device-writable buffer of a request in flight:
   * the device may store into it at any time until it completes, and a capture of the CPU's
   * side does not show the store (a driver that polls a status byte, as QEMU's libqos does,
   * reads 0xff and then the status).
   */
  ownsWritable(addr: number, len: number): boolean {
    for (const q of this.queueList) {
      for (const f of q.inflight) {
        for (const b of f.buffers) if (b.write && addr < b.addr + b.len && b.addr < addr + len) return true;
      }
    }
    return false;
  }

  /** The decoder for queue `n`'s chains, as the device parses them now. */
  private decoderFor(n: number): ChainDecoder {
    if (this.deviceType === DEVICE_TYPES.blk) return blkChainDecoder;
    if (this.deviceType === DEVICE_TYPES.scsi) {
      return scsiChainDecoder(n, {
        cdbSize: this.configU32(CDB_SIZE_OFFSET) ?? DEFAULT_CDB_SIZE,
        senseSize: this.configU32(SENSE_SIZE_OFFSET) ?? DEFAULT_SENSE_SIZE,
        anyLayout: ((this.guestFeatures[0] as number) & (1 << Feature.ANY_LAYOUT)) !== 0,
      });
    }
    return genericDecoder;
  }

  private updateSuppression(): void {
    const w = this.guestFeatures[0] as number;
    this.suppression.eventIdx = ((w >>> Feature.RING_EVENT_IDX) & 1) === 1;
    this.suppression.notifyOnEmpty = ((w >>> Feature.NOTIFY_ON_EMPTY) & 1) === 1;
  }

  /**
   * How QEMU 7.2's handler of queue `n` meets a notify (notification-suppression.ts):
   * virtio-blk's queues and virtio-scsi's request queues switch notifications off around their
   * pops (virtio_blk_handle_vq, virtio_scsi_handle_cmd_vq), virtio-scsi's control queue pops
   * with them on (virtio_scsi_handle_ctrl_vq), its event queue pops only to report an event.
   */
  handlerFor(n: number): Handler {
    if (this.deviceType === DEVICE_TYPES.blk) return Handler.SUPPRESSING;
    if (this.deviceType === DEVICE_TYPES.scsi) return n === 0 ? Handler.PER_POP : n === 1 ? Handler.UNKNOWN : Handler.SUPPRESSING;
    return Handler.UNKNOWN;
  }

  get negotiatedVersion1(): boolean {
    return ((this.guestFeatures[1] as number) & 1) !== 0;
  }

  /** A register read of a device constant: learned the first time, held to afterwards. */
  learn(r: Reporter, what: string, known: number | undefined, observed: number): number {
    if (known !== undefined && known !== observed) r.diverge(this.id, what, hex(observed), hex(known));
    return known ?? observed;
  }

  readHostFeatures(r: Reporter, word: number, observed: number): void {
    this.hostFeatures[word] = this.learn(r, `device features word ${word}`, this.hostFeatures[word], observed);
  }

  /** The driver writes a feature word; `modern` transports check it against FEATURES_OK. */
  writeGuestFeatures(r: Reporter, offset: number, word: number, value: number): void {
    if (this.status & Status.FEATURES_OK) {
      r.guestError(this.id, offset, value, "driver features written after FEATURES_OK; the device ignores them");
      return;
    }
    const host = this.hostFeatures[word];
    if (host !== undefined && (value & ~host) !== 0) {
      r.guestError(
        this.id,
        offset,
        value,
        `driver accepts features the device does not offer (${hex((value & ~host) >>> 0)} in word ${word})`,
      );
    }
    const packedBefore = this.packedRings;
    this.guestFeatures[word] = host !== undefined ? (value & host) >>> 0 : value >>> 0;
    if (word === 0) this.featuresWritten = true;
    this.updateSuppression();
    // The rings change meaning: the machine's index of them is told again.
    if (this.packedRings !== packedBefore) for (const q of this.queueList) this.onLayout?.(q);
  }

  /**
   * VIRTIO_F_RING_PACKED negotiated: the queues are packed virtqueues (virtio 1.x §2.8), which
   * the model does not follow. Their rings are not read as split rings; a notify pops nothing
   * the model can name and the queue is lost (what the device shows is accepted), so a packed
   * driver's capture gives no false divergence, only less checking.
   */
  get packedRings(): boolean {
    return (((this.guestFeatures[1] as number) >>> (Feature.RING_PACKED - 32)) & 1) === 1;
  }

  /** virtio_set_status, with the spec's ordering rules checked. */
  writeStatus(r: Reporter, offset: number, value: number, modern: boolean): void {
    const v = value & 0xff;
    this.statusWritten = v;
    if (v === 0) {
      this.reset();
      return;
    }
    const old = this.status;
    const cleared = old & ~v & ~(Status.NEEDS_RESET | Status.FAILED);
    if (cleared) r.guestError(this.id, offset, v, clearedWithoutReset, cleared, old, v);
    const rising = v & ~old;
    if (rising & Status.DRIVER && !(v & Status.ACKNOWLEDGE)) r.guestError(this.id, offset, v, "DRIVER set without ACKNOWLEDGE");
    if (rising & Status.FEATURES_OK && !(v & Status.DRIVER)) r.guestError(this.id, offset, v, "FEATURES_OK set without DRIVER");
    if (rising & Status.DRIVER_OK && !(v & Status.DRIVER)) r.guestError(this.id, offset, v, "DRIVER_OK set without DRIVER");
    if (rising & Status.DRIVER_OK && modern && !(v & Status.FEATURES_OK)) {
      r.guestError(this.id, offset, v, "DRIVER_OK without FEATURES_OK on a modern (virtio 1.x) device");
    }
    if (rising & Status.FEATURES_OK && modern && !this.negotiatedVersion1) {
      r.guestError(this.id, offset, v, "FEATURES_OK on a modern transport without VIRTIO_F_VERSION_1");
    }
    this.status = v;
  }

  /**
   * A trace point QEMU wrote about this device (see trace-points.ts). virtio_set_status is
   * checked here: after a status write it must name the value written; with none before it,
   * QEMU set the status on its own (a reset) or the capture missed the write: learned.
   */
  observe(r: Reporter, memory: GuestMemory, name: string, args: ObservationArgs): void {
    if (name === "virtio_queue_notify") {
      // A notify the capture did not show as a register write (QEMU's ioeventfd takes
      // virtio-pci notifies before any trace point): the device handles it all the same.
      const n = argNumber(args, "n");
      const written = this.notifyWritten;
      this.notifyWritten = undefined;
      if (n !== undefined && written !== n) {
        const q = this.queues.get(n);
        if (q?.configured && !this.broken) this.notifyQueue(r, memory, q, n, null);
      }
    }
    if (name === "virtio_set_status") {
      const val = argNumber(args, "val");
      const written = this.statusWritten;
      this.statusWritten = undefined;
      this.trace.seen++;
      if (val === undefined) return;
      if (written !== undefined) {
        if (val !== written)
          r.diverge(this.id, "status (virtio_set_status trace)", hex(val), `${hex(written)}: the value the driver wrote`);
        return;
      }
      if (val === 0) this.reset();
      else this.status = val & 0xff;
      return;
    }
    this.trace.observe(r, this.id, name, args, (n) => this.queues.get(n));
  }

  /** What a status read must return. */
  get statusValue(): number {
    return this.broken && this.negotiatedVersion1 ? this.status | Status.NEEDS_RESET : this.status;
  }

  readStatus(r: Reporter, observed: number): void {
    const want = this.statusValue;
    if (observed !== want)
      r.diverge(this.id, "status", `${hex(observed)} (${statusNames(observed)})`, `${hex(want)} (${statusNames(want)})`);
  }

  /** Some queue has requests the device may complete at any moment. */
  get mayComplete(): boolean {
    for (const q of this.queues.values()) if (q.inflight.length > q.unidentified || q.lost) return true;
    return false;
  }

  /**
   * An ISR / InterruptStatus read. Bit 0 may have been set by a completion still in flight,
   * or by one already seen in a used ring whose notification has not been consumed.
   * `clears`: virtio-pci's ISR is read-to-clear; `intx`: the device signals through its INTx
   * line (not MSI-X), which the clearing lowers.
   */
  readIsr(r: Reporter, observed: number, what: string, clears: boolean, intx = true): void {
    const u = this.unexplained;
    this.unexplained = undefined;
    if (observed & 2 && !this.configPending && (this.isr & 2) === 0 && (u !== undefined || this.isrKnown)) {
      // ISR bit 1 that no virtio_error set: a configuration change the host made (a resize over
      // QMP), which no capture of the guest's side shows. Its interrupt is the one nothing
      // explained, if any (taken back); or the line was already up for a completion.
      if (u !== undefined) {
        r.retract(this.id, u.seq, u.what);
        this.isr = u.isrBefore;
      }
      this.hostConfigChange();
    }
    const allowed = this.isrAllowed();
    if (!allowed.includes(observed)) r.diverge(this.id, what, hex(observed), allowed.map(hex).join(" or "));
    this.isr = clears ? 0 : observed;
    this.isrKnown = true;
    if (observed & 1 && clears) this.completedUnacknowledged = false;
    if (clears && intx) this.lineLowered(true);
  }

  /**
   * The INTx line went low (the ISR cleared): no completion the driver has seen, nor a
   * configuration change acknowledged with it, can raise it again (notification-suppression.ts).
   */
  private lineLowered(config: boolean): void {
    for (const q of this.setUp) q.notifications.acknowledged(q);
    if (config) this.configPending = false;
  }

  /** The values an ISR read may return now (see readIsr). */
  isrAllowed(): number[] {
    if (!this.isrKnown) return [0, 1, 2, 3];
    return (this.mayComplete || this.completedUnacknowledged) && (this.isr & 1) === 0 ? [this.isr, this.isr | 1] : [this.isr];
  }

  /**
   * QEMU's virtio_error: the device marks itself broken (it ignores notifies until reset);
   * a VIRTIO_F_VERSION_1 device also sets NEEDS_RESET and, once DRIVER_OK, sends a
   * configuration change (ISR 0x3, the config generation moves on).
   */
  fail(r: Reporter, offset: number | null, value: number | null, why: string): void {
    r.guestError(this.id, offset, value, `${why}; the device stops (virtio_error) until it is reset`);
    if (this.negotiatedVersion1 && this.status & Status.DRIVER_OK) {
      this.isr |= 0x3;
      this.configPending = true;
      if (this.configGeneration !== undefined) this.configGeneration = (this.configGeneration + 1) & 0xff;
    }
    this.broken = true;
  }

  /** Configuration changes the host made that the capture does not show (inferred from their interrupts). */
  hostConfigChanges = 0;

  /**
   * QEMU's virtio_notify_config for a change the capture does not show: ISR bit 1, the
   * config generation moves on, and the configuration bytes the model learned may be stale
   * (they are learned again from the next reads).
   */
  private hostConfigChange(): void {
    this.hostConfigChanges++;
    // QEMU's virtio_notify_config sets both ISR bits (virtio_set_isr(vdev, 0x3)).
    this.isr |= 0x3;
    this.configGeneration = undefined;
    this.config.clear();
  }

  /** The driver acknowledges ISR bits (virtio-mmio InterruptACK); the line goes low when none is left. */
  ackIsr(value: number): void {
    if (value & this.isr & 1) this.completedUnacknowledged = false;
    this.isr &= ~value;
    // An ISR not yet known is known once both its bits are acknowledged; until then a bit
    // the model cannot see may keep the line up.
    if (!this.isrKnown && (value & 3) === 3) this.isrKnown = true;
    if (this.isr === 0 && value !== 0 && this.isrKnown) this.lineLowered((value & 2) !== 0);
  }

  /** Completions seen in a used ring whose notification has not been consumed: ISR bit 0 may be set. */
  completedUnacknowledged = false;

  /** Completions announced in a used ring: their notification may set ISR bit 0. */
  observeCompletions(n: number): void {
    if (n > 0) this.completedUnacknowledged = true;
  }

  /**
   * The device raised its interrupt (INTx assert or pulse, or an MSI; `source`: the queues and
   * configuration the MSI-X vector serves). Once the model knows the device since a reset,
   * the interrupt must be a notification the device may have sent and no earlier interrupt
   * took: a pending configuration change, or a completion notification-suppression.ts lets
   * through. When exactly one of them can explain it, it is used up. Without a reporter the
   * interrupt is only counted (the transport has already ruled it out).
   */
  observeInterrupt(r: Reporter | undefined, memory: GuestMemory, what = "interrupt", source?: InterruptSource): void {
    this.interrupts++;
    const isrBefore = this.isr;
    if (this.isr === 0) this.isr = 1;
    // Only virtio-blk's and virtio-scsi's completions are known to be checked one by one (virtio_notify after each push).
    if (r === undefined || !this.known || (this.deviceType !== DEVICE_TYPES.blk && this.deviceType !== DEVICE_TYPES.scsi)) return;
    let explained = 0;
    let queue: SplitVirtqueue | undefined;
    let completion = 0;
    const config = this.configPending && (source === undefined || source.config);
    if (config) explained++;
    for (const q of this.setUp) {
      if (!q.configured || (source !== undefined && !source.queue(q.index))) continue;
      if (q.lost) return;
      const n = q.notifications.earliest(q, memory, this.suppression, q.unnotified(memory));
      if (n === 0) continue;
      explained++;
      queue = q;
      completion = n;
    }
    if (explained === 1) {
      if (config) this.configPending = false;
      else queue?.notifications.take(completion);
      return;
    }
    if (explained > 1) return;
    this.unexplainedInterrupt(r, memory, what, source, isrBefore);
  }

  /** An interrupt nothing pending explains: a host's configuration change, or a divergence (apart: its closures would cost every interrupt a context). */
  private unexplainedInterrupt(
    r: Reporter,
    memory: GuestMemory,
    what: string,
    source: InterruptSource | undefined,
    isrBefore: number,
  ): void {
    const why = this.setUp
      .filter((q) => q.configured && (source === undefined || source.queue(q.index)))
      .map((q) => q.notifications.explain(q, memory, this.suppression));
    if (source !== undefined && source.config && why.length === 0) {
      // A message on a vector that serves the configuration alone, with nothing pending: a
      // change the host made (a resize, a link or balloon target change: QMP, which no
      // guest-side capture shows), announced by QEMU's virtio_notify_config.
      this.hostConfigChange();
      return;
    }
    r.diverge(
      this.id,
      what,
      "raised",
      `none: no notification is due (${why.length ? why.join("; ") : "no queue is set up"}; no configuration change)`,
    );
    // An interrupt with no vector to tell (INTx) may yet be a configuration change the host
    // made: the driver's ISR read will say, and take this back if so (readIsr).
    if (source === undefined) this.unexplained = { seq: r.seq, what, isrBefore };
  }

  /** The last interrupt nothing explained, until the next ISR read gives its verdict. */
  private unexplained: { seq: number; what: string; isrBefore: number } | undefined;

  /** A queue notify from the driver. */
  notify(r: Reporter, memory: GuestMemory, offset: number, n: number): void {
    this.notifyWritten = n;
    const q = this.queues.get(n);
    if (q === undefined || !q.configured) {
      r.guestError(this.id, offset, n, notifyNotSetUp, n);
      return;
    }
    if (!(this.status & Status.DRIVER_OK)) r.guestError(this.id, offset, n, notifyBeforeDriverOk, n);
    if (this.broken) return;
    this.notifyQueue(r, memory, q, n, offset);
  }

  /** The device takes queue n's new requests (a notify write, or one only QEMU's trace shows). */
  private notifyQueue(r: Reporter, memory: GuestMemory, q: SplitVirtqueue, n: number, offset: number | null): void {
    if (this.packedRings) {
      q.lost = true;
      return;
    }
    const poppedBefore = q.popped;
    const lastAvailBefore = q.lastAvail;
    this.popQueue(r, memory, q, n, offset);
    q.notifications.notified(q, memory, this.handlerFor(n), this.suppression, poppedBefore, lastAvailBefore);
  }

  private popQueue(r: Reporter, memory: GuestMemory, q: SplitVirtqueue, n: number, offset: number | null): void {
    const decode = this.decoderFor(n);
    const error = q.notify(
      memory,
      r,
      this.id,
      (buffers, mem) => {
        const d = decode(buffers, mem);
        const key = `${n}: ${d.kind ?? "request"}`;
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
        return d;
      },
      (at, v, why) => this.fail(r, at, v, why),
      this.featuresWritten && ((this.guestFeatures[0] as number) & (1 << Feature.RING_INDIRECT_DESC)) === 0,
    );
    if (error !== undefined) this.fail(r, offset, n, error);
  }

  /** Queue n's used ring as the driver read it or the device wrote it (see SplitVirtqueue.observeUsed). */
  observeUsed(r: Reporter, memory: GuestMemory, n: number, addr: number, data: Uint8Array, byDevice: boolean): void {
    const q = this.queue(n);
    this.observeCompletions(q.observeUsed(memory, r, this.id, addr, data, byDevice, this.handlerFor(n), this.suppression));
  }

  /**
   * The driver stores into queue n's used ring, which belongs to the device once DRIVER_OK is
   * set; before, it may prepare it, but "MUST initialize flags in the used ring to 0" (virtio
   * 1.x 2.7.10.1).
   */
  driverWroteUsed(r: Reporter, n: number, addr: number, data: Uint8Array): void {
    if (this.status & Status.DRIVER_OK) {
      r.guestError(this.id, addr, null, `the driver wrote into queue ${n}'s used ring, which belongs to the device`);
      return;
    }
    const q = this.queue(n);
    const at = q.used - addr;
    if (at >= 0 && at + 2 <= data.length) {
      const flags = (data[at] as number) | ((data[at + 1] as number) << 8);
      if (flags !== 0)
        r.guestError(
          this.id,
          q.used,
          flags,
          `queue ${n}'s used.flags initialized to ${hex(flags)}: the driver MUST initialize them to 0 (virtio 1.x 2.7.10.1)`,
        );
    }
  }

  /**
   * The driver is about to store bytes [addr, addr + len) into queue n's avail ring. A store
   * into avail.flags or used_event ends an epoch of notification suppression; avail.flags
   * must be 0 or 1 (VRING_AVAIL_F_NO_INTERRUPT), and 0 with VIRTIO_RING_F_EVENT_IDX (virtio
   * 1.x 2.7.7.1), once the features are negotiated. The bytes are `data`, or `len` times
   * `fillByte` when it is null.
   */
  driverWroteAvail(
    r: Reporter,
    memory: GuestMemory,
    n: number,
    addr: number,
    len: number,
    data: Uint8Array | null,
    fillByte: number,
  ): void {
    const q = this.queue(n);
    const flagsAt = q.avail - addr;
    const eventAt = q.avail + 4 + 2 * q.size - addr;
    const flags = flagsAt > -2 && flagsAt < len;
    if (!flags && !(eventAt > -2 && eventAt < len)) return;
    q.notifications.endEpoch(q, memory, this.suppression, q.unnotified(memory));
    if (!flags || flagsAt < 0 || flagsAt + 2 > len || !this.featuresWritten) return;
    const v = data === null ? fillByte * 0x101 : (data[flagsAt] as number) | ((data[flagsAt + 1] as number) << 8);
    if (this.suppression.eventIdx && v !== 0) {
      r.guestError(
        this.id,
        q.avail,
        v,
        `queue ${n}'s avail.flags set to ${hex(v)} with VIRTIO_RING_F_EVENT_IDX negotiated: the driver MUST set them to 0 (virtio 1.x 2.7.7.1) and ask through used_event`,
      );
    } else if (v > 1) {
      r.guestError(
        this.id,
        q.avail,
        v,
        `queue ${n}'s avail.flags set to ${hex(v)}: the driver MUST set them to 0 or 1 (VRING_AVAIL_F_NO_INTERRUPT; virtio 1.x 2.7.7.1)`,
      );
    }
  }

  /** virtio_queue_set_num: the size is ignored when out of range, as QEMU ignores it. */
  setQueueNum(r: Reporter, offset: number, n: number, num: number): void {
    const q = this.queue(n);
    if (num > VIRTQUEUE_MAX_SIZE) {
      r.guestError(this.id, offset, num, sizeAboveMax, n, num);
      return;
    }
    if (num === 0) {
      r.guestError(this.id, offset, num, `queue ${n} size 0; ignored`);
      return;
    }
    if (q.exists === false) {
      r.guestError(this.id, offset, num, `queue ${n} does not exist on this device; ignored`);
      return;
    }
    if ((num & (num - 1)) !== 0) r.guestError(this.id, offset, num, sizeNotPowerOf2, n, num);
    q.size = num;
  }

  /** A device-config read: learned bytes, held to afterwards. */
  readConfig(r: Reporter, offset: number, size: number, observed: number): void {
    for (let i = 0; i < size; i++) {
      const b = (observed >>> (8 * i)) & 0xff;
      const known = this.config.get(offset + i);
      if (known !== undefined && known !== b) {
        r.diverge(this.id, `config byte ${hex(offset + i)}`, hex(b), hex(known));
      }
      this.config.set(offset + i, b);
    }
  }

  /**
   * A device-config write: the device decides what it keeps, so the bytes are learned again —
   * except virtio-scsi's, whose model QEMU is: virtio_scsi_set_config keeps sense_size and
   * cdb_size as written (a sense_size of 65536 or more or a cdb_size of 256 or more is
   * virtio_error, and nothing is kept) and every other field stays the device's.
   */
  writeConfig(r: Reporter, offset: number, size: number, value: number): void {
    if (this.deviceType !== DEVICE_TYPES.scsi) {
      for (let i = 0; i < size; i++) this.config.delete(offset + i);
      return;
    }
    const before = new Map(this.config);
    for (let i = 0; i < size; i++) {
      const at = offset + i;
      if (at >= SCSI_WRITABLE.start && at < SCSI_WRITABLE.end) this.config.set(at, (value >>> (8 * i)) & 0xff);
    }
    const sense = this.configU32(SENSE_SIZE_OFFSET);
    const cdb = this.configU32(CDB_SIZE_OFFSET);
    if ((sense !== undefined && sense >= 65536) || (cdb !== undefined && cdb >= 256)) {
      this.config = before;
      this.fail(r, offset, value, `bad data written to config space (sense_size ${sense ?? "?"}, cdb_size ${cdb ?? "?"})`);
    }
  }

  encode(w: StateWriter): void {
    w.str(this.id).optNum(this.deviceType).optNum(this.hostFeatures[0]).optNum(this.hostFeatures[1]);
    w.num(this.guestFeatures[0] as number)
      .num(this.guestFeatures[1] as number)
      .num(this.status)
      .num(this.queueSel);
    w.num(this.isr).optNum(this.configGeneration).bool(this.broken).num(this.interrupts).bool(this.completedUnacknowledged);
    w.num(this.hostConfigChanges);
    const u = this.unexplained;
    w.bool(u !== undefined);
    if (u !== undefined) w.num(u.seq).str(u.what).num(u.isrBefore);
    w.optNum(this.statusWritten).optNum(this.notifyWritten);
    w.bool(this.known).bool(this.featuresWritten).bool(this.configPending).bool(this.isrKnown);
    this.trace.encode(w);
    const cfg = [...this.config.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(cfg.length);
    for (const [k, v] of cfg) w.num(k).u8(v);
    const reqs = [...this.requests.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    w.u32(reqs.length);
    for (const [k, n] of reqs) w.str(k).num(n);
    const qs = [...this.queues.values()].sort((a, b) => a.index - b.index);
    w.u32(qs.length);
    for (const q of qs) q.encode(w);
  }

  static decode(r: StateReader): VirtioCore {
    const c = new VirtioCore(r.str(), r.optNum());
    c.hostFeatures = [r.optNum(), r.optNum()];
    c.guestFeatures = [r.num(), r.num()];
    c.status = r.num();
    c.queueSel = r.num();
    c.isr = r.num();
    c.configGeneration = r.optNum();
    c.broken = r.bool();
    c.interrupts = r.num();
    c.completedUnacknowledged = r.bool();
    c.hostConfigChanges = r.num();
    if (r.bool()) c.unexplained = { seq: r.num(), what: r.str(), isrBefore: r.num() };
    c.statusWritten = r.optNum();
    c.notifyWritten = r.optNum();
    c.known = r.bool();
    c.featuresWritten = r.bool();
    c.configPending = r.bool();
    c.isrKnown = r.bool();
    c.updateSuppression();
    c.trace = TracePoints.decode(r);
    const nc = r.u32();
    for (let i = 0; i < nc; i++) c.config.set(r.num(), r.u8());
    const nr = r.u32();
    for (let i = 0; i < nr; i++) c.requests.set(r.str(), r.num());
    const nq = r.u32();
    for (let i = 0; i < nq; i++) {
      const q = SplitVirtqueue.decode(r);
      q.observer = c.observer;
      q.catchUp = c.catchUpOf(q);
      c.queues.set(q.index, q);
      c.queueList.push(q);
      if (q.configured || q.completed > 0) c.noteSetUp(q);
    }
    return c;
  }
}
