import { describe, expect, it } from "vitest";
import { EventJsonError, eventFromJson, eventToJson } from "../../src/schema/json.js";
import { Access, Event, type EventProps } from "../../src/schema/proto.js";

const ok = (payload: string, agent = '{"cpu":0}') => `{"seq":"0","agent":${agent},${payload}}`;

describe("canonical JSON of events", () => {
  it("round-trips every kind byte for byte", () => {
    const lines = [
      '{"seq":"0","timeNs":"0","agent":{"host":true},"machine":{"type":"q35","ramSize":"134217728"}}',
      '{"seq":"1","agent":{"host":true},"attach":{"id":"virtio-blk@00:04.0","kind":"virtio-blk-pci","pciBdf":32,"irq":11,"props":[{"name":"disable-legacy","value":"on"}]}}',
      '{"seq":"2","timeNs":"4294967297","agent":{"cpu":1},"mmio":{"op":"ACCESS_READ","addr":"4273995776","size":8,"value":4294967295,"valueHi":4294967295}}',
      '{"seq":"3","agent":{"cpu":0},"pio":{"op":"ACCESS_WRITE","port":3320,"size":4,"value":2147491840}}',
      '{"seq":"4","agent":{"cpu":0},"pciConfig":{"op":"ACCESS_READ","bdf":32,"offset":16,"size":4,"value":4294963201}}',
      '{"seq":"5","agent":{"device":"virtio-blk@00:04.0"},"memory":{"op":"ACCESS_WRITE","addr":"9007199254740991","data":"AAEC/w=="}}',
      '{"seq":"6","agent":{"cpu":0},"memory":{"op":"ACCESS_WRITE","addr":"4096","fillLength":4096,"fillByte":255}}',
      '{"seq":"7","agent":{"cpu":0},"barrier":{"kind":"BARRIER_KIND_WRITE","flavour":"BARRIER_FLAVOUR_DMA"}}',
      '{"seq":"8","agent":{"device":"d"},"interrupt":{"msi":{"address":"4276092928","data":16417},"action":"IRQ_ACTION_PULSE"}}',
      '{"seq":"9","agent":{"device":"d"},"interrupt":{"line":0,"action":"IRQ_ACTION_ASSERT"}}',
      '{"seq":"10","agent":{"device":"d"},"observation":{"name":"virtqueue_fill","args":[{"name":"vq","uint":"0"},{"name":"len","uint":"513"},{"name":"delta","int":"-3"},{"name":"s","str":"x"},{"name":"b","raw":"AQ=="}]}}',
      '{"seq":"11","agent":{"host":true},"source":{"file":1,"line":42},"detach":{"id":"d"}}',
      '{"seq":"12","agent":{"host":true},"marker":{"text":"boot ✓"}}',
    ];
    for (const line of lines) expect(eventToJson(eventFromJson(line))).toBe(line);
  });

  it("keeps 64-bit fields exact up to 2^53 - 1 through the wire format", () => {
    const ev: EventProps = {
      seq: 0,
      timeNs: Number.MAX_SAFE_INTEGER,
      agent: { cpu: 0 },
      memory: { op: Access.ACCESS_WRITE, addr: 2 ** 52 + 3, data: new Uint8Array([1]) },
    };
    const back = Event.decode(Event.encode(ev).finish());
    expect(back.timeNs).toBe(Number.MAX_SAFE_INTEGER);
    expect(back.memory?.addr).toBe(2 ** 52 + 3);
    expect(typeof Event.prototype.seq).toBe("number");
  });

  it("writes fields set to their default value exactly as a decoded event would", () => {
    const plain = eventToJson({ seq: 3, agent: { cpu: 0 }, mmio: { op: Access.ACCESS_WRITE, addr: 0, size: 4, value: 0 } });
    expect(plain).toBe('{"seq":"3","agent":{"cpu":0},"mmio":{"op":"ACCESS_WRITE","size":4}}');
  });

  const bad: [string, string, string][] = [
    ["not JSON", "{", "not JSON"],
    ["an unknown event kind", ok('"warp":{}'), "warp: unknown field (not an event kind devtape knows)"],
    ["an unknown nested field", ok('"mmio":{"op":"ACCESS_READ","size":4,"colour":1}'), "mmio.colour: unknown field of MmioAccess"],
    ["no payload", '{"agent":{"cpu":0}}', "payload: missing"],
    ["two payloads", ok('"mmio":{"op":"ACCESS_READ","size":4},"marker":{"text":"x"}'), "marker: 'mmio' is set too"],
    ["no agent", '{"marker":{"text":"x"}}', "agent: missing (cpu, device or host)"],
    ["an access of three bytes", ok('"mmio":{"op":"ACCESS_READ","size":3}'), "mmio.size: 3 is not one of 1, 2, 4, 8"],
    ["no access direction", ok('"pio":{"port":3320,"size":1}'), "pio.op: missing"],
    [
      "a value wider than its access",
      ok('"pio":{"op":"ACCESS_WRITE","port":1,"size":1,"value":256}'),
      "pio.value: 256 does not fit in 1 byte",
    ],
    [
      "a uint32 out of range",
      ok('"mmio":{"op":"ACCESS_READ","size":4,"value":4294967296}'),
      "mmio.value: 4294967296 is out of range for uint32",
    ],
    ["a uint64 beyond 2^53", ok('"mmio":{"op":"ACCESS_READ","addr":"18446744073709551615","size":4}'), "below 2^53"],
    ["a negative unsigned number", ok('"mmio":{"op":"ACCESS_READ","addr":-1,"size":4}'), "mmio.addr: -1 is out of range for uint64"],
    ["a fraction", ok('"mmio":{"op":"ACCESS_READ","size":4,"value":1.5}'), "mmio.value: expected an integer"],
    ["a string for a number", ok('"mmio":{"op":"ACCESS_READ","size":"four"}'), 'mmio.size: expected an integer (uint32), got "four"'],
    [
      "an unknown enum name",
      ok('"barrier":{"kind":"BARRIER_KIND_SIDEWAYS","flavour":"BARRIER_FLAVOUR_SMP"}'),
      'barrier.kind: "BARRIER_KIND_SIDEWAYS" is not one of',
    ],
    ["bad base64", ok('"memory":{"op":"ACCESS_WRITE","data":"***"}'), "memory.data: expected base64 bytes"],
    ["config past 4 KiB", ok('"pciConfig":{"op":"ACCESS_READ","offset":4094,"size":4}'), "pciConfig.offset: 4094 + 4 is past"],
    [
      "memory with data and fill",
      ok('"memory":{"op":"ACCESS_WRITE","data":"AA==","fillLength":2}'),
      "memory: needs either data or fillLength",
    ],
    ["an interrupt with no target", ok('"interrupt":{"action":"IRQ_ACTION_PULSE"}', '{"device":"d"}'), "interrupt: needs line or msi"],
    ["two agents", ok('"marker":{"text":"x"}', '{"cpu":0,"host":true}'), "agent.host: 'cpu' is set too"],
    ["an attach without id", ok('"attach":{"kind":"virtio-mmio"}', '{"host":true}'), "attach.id: missing"],
    ["a list where an object belongs", ok('"mmio":[]'), "mmio: expected an object"],
  ];
  it.each(bad)("refuses %s with the field and the reason", (_what, line, reason) => {
    expect(() => eventFromJson(line)).toThrow(EventJsonError);
    expect(() => eventFromJson(line)).toThrow(reason);
  });
});
