#!/usr/bin/env node
// Writes traces/samples/virtio-mmio-blk-read.jsonl: a driver bringing up a legacy (version 1)
// virtio-mmio block device on a microvm machine and reading sector 0 through a split
// virtqueue, written out register by register from the virtio 0.9.5 spec and its
// virtio-mmio appendix. It is hand-made, not captured: the real captures come with the
// qtest importer. Usage: node tools/make-sample.mjs > traces/samples/virtio-mmio-blk-read.jsonl
import { eventToJson } from "../dist/src/schema/json.js";

const BASE = 0xfeb00000;
const DEV = `virtio-mmio@0x${BASE.toString(16)}`;
const R = 1; // ACCESS_READ
const W = 2; // ACCESS_WRITE
const events = [];
let t = 0;
const push = (agent, payload, dt = 150) => {
  t += dt;
  events.push({ seq: events.length, timeNs: t, agent, ...payload });
};
const cpu = { cpu: 0 };
const dev = { device: DEV };
const reg = (op, off, value) => push(cpu, { mmio: { op, addr: BASE + off, size: 4, value } });
const mem = (agent, op, addr, bytes) => push(agent, { memory: { op, addr, data: Uint8Array.from(bytes) } });
const le = (v, n) => Array.from({ length: n }, (_, i) => Number((BigInt(v) >> BigInt(8 * i)) & 0xffn));
const barrier = (agent, kind, flavour) => push(agent, { barrier: { kind, flavour } });

push({ host: true }, { machine: { type: "microvm", ramSize: 128 * 2 ** 20 } }, 0);
push(
  { host: true },
  {
    attach: {
      id: DEV,
      kind: "virtio-mmio",
      mmioBase: BASE,
      mmioSize: 0x200,
      irq: 5,
      props: [{ name: "backend", value: "virtio-blk-device" }],
    },
  },
  0,
);
push({ host: true }, { marker: { text: "driver probe" } }, 1000);
reg(R, 0x000, 0x74726976); // MagicValue "virt"
reg(R, 0x004, 1); // Version: legacy
reg(R, 0x008, 2); // DeviceID: block
reg(R, 0x00c, 0x554d4551); // VendorID "QEMU"
reg(W, 0x070, 0); // Status: reset
reg(W, 0x070, 1); // ACKNOWLEDGE
reg(W, 0x070, 3); // | DRIVER
reg(W, 0x014, 0); // HostFeaturesSel
reg(R, 0x010, 0x31006e54); // HostFeatures
reg(W, 0x024, 0); // GuestFeaturesSel
reg(W, 0x020, 0x00000244); // GuestFeatures: SEG_MAX | BLK_SIZE | FLUSH
reg(W, 0x028, 4096); // GuestPageSize
reg(W, 0x030, 0); // QueueSel 0
reg(R, 0x040, 0); // QueuePFN: not in use
reg(R, 0x034, 1024); // QueueNumMax: QEMU answers VIRTQUEUE_MAX_SIZE
reg(W, 0x038, 128); // QueueNum
reg(W, 0x03c, 4096); // QueueAlign
const ring = 0x7ffc000; // descriptors, then avail ring at +16*128, used ring at the next 4096
reg(W, 0x040, ring / 4096); // QueuePFN
reg(W, 0x070, 7); // | DRIVER_OK
push({ host: true }, { marker: { text: "read sector 0" } }, 1000);
const desc = ring;
const avail = ring + 16 * 128;
const used = ring + 4096;
const hdr = 0x200000;
const data = 0x201000;
const status = 0x202000;
mem(cpu, W, hdr, [...le(0, 4), ...le(0, 4), ...le(0, 8)]); // virtio_blk_outhdr: IN, sector 0
mem(cpu, W, desc + 0, [...le(hdr, 8), ...le(16, 4), ...le(1, 2), ...le(1, 2)]); // NEXT -> 1
mem(cpu, W, desc + 16, [...le(data, 8), ...le(512, 4), ...le(3, 2), ...le(2, 2)]); // NEXT|WRITE -> 2
mem(cpu, W, desc + 32, [...le(status, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)]); // WRITE
mem(cpu, W, avail + 4, le(0, 2)); // avail.ring[0] = head 0
barrier(cpu, 3, 2); // smp_wmb: the ring entry before the index that publishes it
mem(cpu, W, avail + 2, le(1, 2)); // avail.idx = 1
barrier(cpu, 1, 2); // smp_mb: publish before reading notification suppression
mem(cpu, R, used, le(0, 2)); // used.flags: notifications wanted
reg(W, 0x050, 0); // QueueNotify 0
mem(dev, R, avail + 2, le(1, 2)); // device: avail.idx
mem(dev, R, avail + 4, le(0, 2)); // avail.ring[0]
mem(dev, R, desc + 0, [...le(hdr, 8), ...le(16, 4), ...le(1, 2), ...le(1, 2)]);
mem(dev, R, hdr, [...le(0, 4), ...le(0, 4), ...le(0, 8)]);
mem(dev, R, desc + 16, [...le(data, 8), ...le(512, 4), ...le(3, 2), ...le(2, 2)]);
mem(dev, R, desc + 32, [...le(status, 8), ...le(1, 4), ...le(2, 2), ...le(0, 2)]);
push(dev, { memory: { op: W, addr: data, fillLength: 512, fillByte: 0 } }, 20000); // sector 0 of a blank disk
mem(dev, W, status, [0]); // VIRTIO_BLK_S_OK
mem(dev, W, used + 4, [...le(0, 4), ...le(513, 4)]); // used.ring[0] = {id 0, len 513}
barrier(dev, 3, 2); // smp_wmb: the used element before the index
mem(dev, W, used + 2, le(1, 2)); // used.idx = 1
push(dev, { interrupt: { line: 5, action: 1 } }); // assert
reg(R, 0x060, 1); // InterruptStatus: used ring update
reg(W, 0x064, 1); // InterruptACK
push(dev, { interrupt: { line: 5, action: 2 } }); // deassert
mem(cpu, R, used + 2, le(1, 2)); // used.idx
barrier(cpu, 2, 2); // smp_rmb: the index before the element it covers
mem(cpu, R, used + 4, [...le(0, 4), ...le(513, 4)]);
mem(cpu, R, status, [0]);
for (const e of events) process.stdout.write(`${eventToJson(e)}\n`);
