import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace devtape {

    namespace v1 {

        interface IEvent extends devtape.v1.Event.$Properties {
        }

        class Event {
            constructor(properties?: devtape.v1.Event.$Properties);
            $unknowns?: Uint8Array[];
            seq: number;
            timeNs?: (number|null);
            agent?: (devtape.v1.Agent.$Properties|null);
            source?: (devtape.v1.Source.$Properties|null);
            mmio?: (devtape.v1.MmioAccess.$Properties|null);
            pio?: (devtape.v1.PortIoAccess.$Properties|null);
            pciConfig?: (devtape.v1.PciConfigAccess.$Properties|null);
            memory?: (devtape.v1.MemoryAccess.$Properties|null);
            barrier?: (devtape.v1.Barrier.$Properties|null);
            interrupt?: (devtape.v1.Interrupt.$Properties|null);
            observation?: (devtape.v1.DeviceObservation.$Properties|null);
            attach?: (devtape.v1.DeviceAttach.$Properties|null);
            detach?: (devtape.v1.DeviceDetach.$Properties|null);
            machine?: (devtape.v1.Machine.$Properties|null);
            marker?: (devtape.v1.Marker.$Properties|null);
            payload?: ("mmio"|"pio"|"pciConfig"|"memory"|"barrier"|"interrupt"|"observation"|"attach"|"detach"|"machine"|"marker");
            static create(properties: devtape.v1.Event.$Shape): devtape.v1.Event & devtape.v1.Event.$Shape;
            static create(properties?: devtape.v1.Event.$Properties): devtape.v1.Event;
            static encode(message: devtape.v1.Event.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Event.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Event & devtape.v1.Event.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Event & devtape.v1.Event.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Event;
            static toObject(message: devtape.v1.Event, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Event {
            interface $Properties {
                seq?: (number|null);
                timeNs?: (number|null);
                agent?: (devtape.v1.Agent.$Properties|null);
                source?: (devtape.v1.Source.$Properties|null);
                mmio?: (devtape.v1.MmioAccess.$Properties|null);
                pio?: (devtape.v1.PortIoAccess.$Properties|null);
                pciConfig?: (devtape.v1.PciConfigAccess.$Properties|null);
                memory?: (devtape.v1.MemoryAccess.$Properties|null);
                barrier?: (devtape.v1.Barrier.$Properties|null);
                interrupt?: (devtape.v1.Interrupt.$Properties|null);
                observation?: (devtape.v1.DeviceObservation.$Properties|null);
                attach?: (devtape.v1.DeviceAttach.$Properties|null);
                detach?: (devtape.v1.DeviceDetach.$Properties|null);
                machine?: (devtape.v1.Machine.$Properties|null);
                marker?: (devtape.v1.Marker.$Properties|null);
                payload?: ("mmio"|"pio"|"pciConfig"|"memory"|"barrier"|"interrupt"|"observation"|"attach"|"detach"|"machine"|"marker");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              seq?: number|null;
              timeNs?: number|null;
              agent?: devtape.v1.Agent.$Shape|null;
              source?: devtape.v1.Source.$Shape|null;
              mmio?: devtape.v1.MmioAccess.$Shape|null;
              pio?: devtape.v1.PortIoAccess.$Shape|null;
              pciConfig?: devtape.v1.PciConfigAccess.$Shape|null;
              memory?: devtape.v1.MemoryAccess.$Shape|null;
              barrier?: devtape.v1.Barrier.$Shape|null;
              interrupt?: devtape.v1.Interrupt.$Shape|null;
              observation?: devtape.v1.DeviceObservation.$Shape|null;
              attach?: devtape.v1.DeviceAttach.$Shape|null;
              detach?: devtape.v1.DeviceDetach.$Shape|null;
              machine?: devtape.v1.Machine.$Shape|null;
              marker?: devtape.v1.Marker.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ payload?: undefined; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "mmio"; mmio: devtape.v1.MmioAccess.$Shape; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "pio"; mmio?: null; pio: devtape.v1.PortIoAccess.$Shape; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "pciConfig"; mmio?: null; pio?: null; pciConfig: devtape.v1.PciConfigAccess.$Shape; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "memory"; mmio?: null; pio?: null; pciConfig?: null; memory: devtape.v1.MemoryAccess.$Shape; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "barrier"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier: devtape.v1.Barrier.$Shape; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "interrupt"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt: devtape.v1.Interrupt.$Shape; observation?: null; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "observation"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation: devtape.v1.DeviceObservation.$Shape; attach?: null; detach?: null; machine?: null; marker?: null }|{ payload?: "attach"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach: devtape.v1.DeviceAttach.$Shape; detach?: null; machine?: null; marker?: null }|{ payload?: "detach"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach: devtape.v1.DeviceDetach.$Shape; machine?: null; marker?: null }|{ payload?: "machine"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine: devtape.v1.Machine.$Shape; marker?: null }|{ payload?: "marker"; mmio?: null; pio?: null; pciConfig?: null; memory?: null; barrier?: null; interrupt?: null; observation?: null; attach?: null; detach?: null; machine?: null; marker: devtape.v1.Marker.$Shape })
            );
        }

        interface IAgent extends devtape.v1.Agent.$Properties {
        }

        class Agent {
            constructor(properties?: devtape.v1.Agent.$Properties);
            $unknowns?: Uint8Array[];
            cpu?: (number|null);
            device?: (string|null);
            host?: (boolean|null);
            who?: ("cpu"|"device"|"host");
            static create(properties: devtape.v1.Agent.$Shape): devtape.v1.Agent & devtape.v1.Agent.$Shape;
            static create(properties?: devtape.v1.Agent.$Properties): devtape.v1.Agent;
            static encode(message: devtape.v1.Agent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Agent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Agent & devtape.v1.Agent.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Agent & devtape.v1.Agent.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Agent;
            static toObject(message: devtape.v1.Agent, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Agent {
            interface $Properties {
                cpu?: (number|null);
                device?: (string|null);
                host?: (boolean|null);
                who?: ("cpu"|"device"|"host");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              cpu?: number|null;
              device?: string|null;
              host?: boolean|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ who?: undefined; cpu?: null; device?: null; host?: null }|{ who?: "cpu"; cpu: number; device?: null; host?: null }|{ who?: "device"; cpu?: null; device: string; host?: null }|{ who?: "host"; cpu?: null; device?: null; host: boolean })
            );
        }

        interface ISource extends devtape.v1.Source.$Properties {
        }

        class Source {
            constructor(properties?: devtape.v1.Source.$Properties);
            $unknowns?: Uint8Array[];
            file: number;
            line: number;
            static create(properties: devtape.v1.Source.$Shape): devtape.v1.Source & devtape.v1.Source.$Shape;
            static create(properties?: devtape.v1.Source.$Properties): devtape.v1.Source;
            static encode(message: devtape.v1.Source.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Source.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Source & devtape.v1.Source.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Source & devtape.v1.Source.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Source;
            static toObject(message: devtape.v1.Source, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Source {
            interface $Properties {
                file?: (number|null);
                line?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Source.$Properties;
        }

        enum Access {
            ACCESS_UNSPECIFIED = 0,
            ACCESS_READ = 1,
            ACCESS_WRITE = 2
        }

        interface IMmioAccess extends devtape.v1.MmioAccess.$Properties {
        }

        class MmioAccess {
            constructor(properties?: devtape.v1.MmioAccess.$Properties);
            $unknowns?: Uint8Array[];
            op: devtape.v1.Access;
            addr: number;
            size: number;
            value: number;
            valueHi: number;
            static create(properties: devtape.v1.MmioAccess.$Shape): devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape;
            static create(properties?: devtape.v1.MmioAccess.$Properties): devtape.v1.MmioAccess;
            static encode(message: devtape.v1.MmioAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.MmioAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.MmioAccess & devtape.v1.MmioAccess.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.MmioAccess;
            static toObject(message: devtape.v1.MmioAccess, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace MmioAccess {
            interface $Properties {
                op?: (devtape.v1.Access|null);
                addr?: (number|null);
                size?: (number|null);
                value?: (number|null);
                valueHi?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.MmioAccess.$Properties;
        }

        interface IPortIoAccess extends devtape.v1.PortIoAccess.$Properties {
        }

        class PortIoAccess {
            constructor(properties?: devtape.v1.PortIoAccess.$Properties);
            $unknowns?: Uint8Array[];
            op: devtape.v1.Access;
            port: number;
            size: number;
            value: number;
            static create(properties: devtape.v1.PortIoAccess.$Shape): devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape;
            static create(properties?: devtape.v1.PortIoAccess.$Properties): devtape.v1.PortIoAccess;
            static encode(message: devtape.v1.PortIoAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.PortIoAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.PortIoAccess & devtape.v1.PortIoAccess.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.PortIoAccess;
            static toObject(message: devtape.v1.PortIoAccess, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace PortIoAccess {
            interface $Properties {
                op?: (devtape.v1.Access|null);
                port?: (number|null);
                size?: (number|null);
                value?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.PortIoAccess.$Properties;
        }

        interface IPciConfigAccess extends devtape.v1.PciConfigAccess.$Properties {
        }

        class PciConfigAccess {
            constructor(properties?: devtape.v1.PciConfigAccess.$Properties);
            $unknowns?: Uint8Array[];
            op: devtape.v1.Access;
            bdf: number;
            offset: number;
            size: number;
            value: number;
            static create(properties: devtape.v1.PciConfigAccess.$Shape): devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape;
            static create(properties?: devtape.v1.PciConfigAccess.$Properties): devtape.v1.PciConfigAccess;
            static encode(message: devtape.v1.PciConfigAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.PciConfigAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.PciConfigAccess & devtape.v1.PciConfigAccess.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.PciConfigAccess;
            static toObject(message: devtape.v1.PciConfigAccess, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace PciConfigAccess {
            interface $Properties {
                op?: (devtape.v1.Access|null);
                bdf?: (number|null);
                offset?: (number|null);
                size?: (number|null);
                value?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.PciConfigAccess.$Properties;
        }

        interface IMemoryAccess extends devtape.v1.MemoryAccess.$Properties {
        }

        class MemoryAccess {
            constructor(properties?: devtape.v1.MemoryAccess.$Properties);
            $unknowns?: Uint8Array[];
            op: devtape.v1.Access;
            addr: number;
            data: Uint8Array;
            fillLength: number;
            fillByte: number;
            static create(properties: devtape.v1.MemoryAccess.$Shape): devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape;
            static create(properties?: devtape.v1.MemoryAccess.$Properties): devtape.v1.MemoryAccess;
            static encode(message: devtape.v1.MemoryAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.MemoryAccess.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.MemoryAccess & devtape.v1.MemoryAccess.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.MemoryAccess;
            static toObject(message: devtape.v1.MemoryAccess, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace MemoryAccess {
            interface $Properties {
                op?: (devtape.v1.Access|null);
                addr?: (number|null);
                data?: (Uint8Array|null);
                fillLength?: (number|null);
                fillByte?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.MemoryAccess.$Properties;
        }

        enum BarrierKind {
            BARRIER_KIND_UNSPECIFIED = 0,
            BARRIER_KIND_FULL = 1,
            BARRIER_KIND_READ = 2,
            BARRIER_KIND_WRITE = 3
        }

        enum BarrierFlavour {
            BARRIER_FLAVOUR_UNSPECIFIED = 0,
            BARRIER_FLAVOUR_MANDATORY = 1,
            BARRIER_FLAVOUR_SMP = 2,
            BARRIER_FLAVOUR_DMA = 3
        }

        interface IBarrier extends devtape.v1.Barrier.$Properties {
        }

        class Barrier {
            constructor(properties?: devtape.v1.Barrier.$Properties);
            $unknowns?: Uint8Array[];
            kind: devtape.v1.BarrierKind;
            flavour: devtape.v1.BarrierFlavour;
            static create(properties: devtape.v1.Barrier.$Shape): devtape.v1.Barrier & devtape.v1.Barrier.$Shape;
            static create(properties?: devtape.v1.Barrier.$Properties): devtape.v1.Barrier;
            static encode(message: devtape.v1.Barrier.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Barrier.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Barrier & devtape.v1.Barrier.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Barrier & devtape.v1.Barrier.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Barrier;
            static toObject(message: devtape.v1.Barrier, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Barrier {
            interface $Properties {
                kind?: (devtape.v1.BarrierKind|null);
                flavour?: (devtape.v1.BarrierFlavour|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Barrier.$Properties;
        }

        enum IrqAction {
            IRQ_ACTION_UNSPECIFIED = 0,
            IRQ_ACTION_ASSERT = 1,
            IRQ_ACTION_DEASSERT = 2,
            IRQ_ACTION_PULSE = 3
        }

        interface IMsi extends devtape.v1.Msi.$Properties {
        }

        class Msi {
            constructor(properties?: devtape.v1.Msi.$Properties);
            $unknowns?: Uint8Array[];
            address: number;
            data: number;
            static create(properties: devtape.v1.Msi.$Shape): devtape.v1.Msi & devtape.v1.Msi.$Shape;
            static create(properties?: devtape.v1.Msi.$Properties): devtape.v1.Msi;
            static encode(message: devtape.v1.Msi.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Msi.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Msi & devtape.v1.Msi.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Msi & devtape.v1.Msi.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Msi;
            static toObject(message: devtape.v1.Msi, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Msi {
            interface $Properties {
                address?: (number|null);
                data?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Msi.$Properties;
        }

        interface IInterrupt extends devtape.v1.Interrupt.$Properties {
        }

        class Interrupt {
            constructor(properties?: devtape.v1.Interrupt.$Properties);
            $unknowns?: Uint8Array[];
            line?: (number|null);
            msi?: (devtape.v1.Msi.$Properties|null);
            action: devtape.v1.IrqAction;
            target?: ("line"|"msi");
            static create(properties: devtape.v1.Interrupt.$Shape): devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape;
            static create(properties?: devtape.v1.Interrupt.$Properties): devtape.v1.Interrupt;
            static encode(message: devtape.v1.Interrupt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Interrupt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Interrupt & devtape.v1.Interrupt.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Interrupt;
            static toObject(message: devtape.v1.Interrupt, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Interrupt {
            interface $Properties {
                line?: (number|null);
                msi?: (devtape.v1.Msi.$Properties|null);
                action?: (devtape.v1.IrqAction|null);
                target?: ("line"|"msi");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              line?: number|null;
              msi?: devtape.v1.Msi.$Shape|null;
              action?: devtape.v1.IrqAction|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ target?: undefined; line?: null; msi?: null }|{ target?: "line"; line: number; msi?: null }|{ target?: "msi"; line?: null; msi: devtape.v1.Msi.$Shape })
            );
        }

        interface IArg extends devtape.v1.Arg.$Properties {
        }

        class Arg {
            constructor(properties?: devtape.v1.Arg.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            uint?: (number|null);
            int?: (number|null);
            str?: (string|null);
            raw?: (Uint8Array|null);
            value?: ("uint"|"int"|"str"|"raw");
            static create(properties: devtape.v1.Arg.$Shape): devtape.v1.Arg & devtape.v1.Arg.$Shape;
            static create(properties?: devtape.v1.Arg.$Properties): devtape.v1.Arg;
            static encode(message: devtape.v1.Arg.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Arg.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Arg & devtape.v1.Arg.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Arg & devtape.v1.Arg.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Arg;
            static toObject(message: devtape.v1.Arg, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Arg {
            interface $Properties {
                name?: (string|null);
                uint?: (number|null);
                int?: (number|null);
                str?: (string|null);
                raw?: (Uint8Array|null);
                value?: ("uint"|"int"|"str"|"raw");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              name?: string|null;
              uint?: number|null;
              int?: number|null;
              str?: string|null;
              raw?: Uint8Array|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ value?: undefined; uint?: null; int?: null; str?: null; raw?: null }|{ value?: "uint"; uint: number; int?: null; str?: null; raw?: null }|{ value?: "int"; uint?: null; int: number; str?: null; raw?: null }|{ value?: "str"; uint?: null; int?: null; str: string; raw?: null }|{ value?: "raw"; uint?: null; int?: null; str?: null; raw: Uint8Array })
            );
        }

        interface IDeviceObservation extends devtape.v1.DeviceObservation.$Properties {
        }

        class DeviceObservation {
            constructor(properties?: devtape.v1.DeviceObservation.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            args: devtape.v1.Arg.$Properties[];
            static create(properties: devtape.v1.DeviceObservation.$Shape): devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape;
            static create(properties?: devtape.v1.DeviceObservation.$Properties): devtape.v1.DeviceObservation;
            static encode(message: devtape.v1.DeviceObservation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.DeviceObservation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.DeviceObservation & devtape.v1.DeviceObservation.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.DeviceObservation;
            static toObject(message: devtape.v1.DeviceObservation, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace DeviceObservation {
            interface $Properties {
                name?: (string|null);
                args?: (devtape.v1.Arg.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              name?: string|null;
              args?: devtape.v1.Arg.$Shape[]|null;
              $unknowns?: Uint8Array[];
            };
        }

        interface IProperty extends devtape.v1.Property.$Properties {
        }

        class Property {
            constructor(properties?: devtape.v1.Property.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            value: string;
            static create(properties: devtape.v1.Property.$Shape): devtape.v1.Property & devtape.v1.Property.$Shape;
            static create(properties?: devtape.v1.Property.$Properties): devtape.v1.Property;
            static encode(message: devtape.v1.Property.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Property.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Property & devtape.v1.Property.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Property & devtape.v1.Property.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Property;
            static toObject(message: devtape.v1.Property, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Property {
            interface $Properties {
                name?: (string|null);
                value?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Property.$Properties;
        }

        interface IDeviceAttach extends devtape.v1.DeviceAttach.$Properties {
        }

        class DeviceAttach {
            constructor(properties?: devtape.v1.DeviceAttach.$Properties);
            $unknowns?: Uint8Array[];
            id: string;
            kind: string;
            mmioBase?: (number|null);
            pciBdf?: (number|null);
            mmioSize: number;
            irq?: (number|null);
            props: devtape.v1.Property.$Properties[];
            location?: ("mmioBase"|"pciBdf");
            static create(properties: devtape.v1.DeviceAttach.$Shape): devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape;
            static create(properties?: devtape.v1.DeviceAttach.$Properties): devtape.v1.DeviceAttach;
            static encode(message: devtape.v1.DeviceAttach.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.DeviceAttach.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.DeviceAttach & devtape.v1.DeviceAttach.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.DeviceAttach;
            static toObject(message: devtape.v1.DeviceAttach, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace DeviceAttach {
            interface $Properties {
                id?: (string|null);
                kind?: (string|null);
                mmioBase?: (number|null);
                pciBdf?: (number|null);
                mmioSize?: (number|null);
                irq?: (number|null);
                props?: (devtape.v1.Property.$Properties[]|null);
                location?: ("mmioBase"|"pciBdf");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              id?: string|null;
              kind?: string|null;
              mmioBase?: number|null;
              pciBdf?: number|null;
              mmioSize?: number|null;
              irq?: number|null;
              props?: devtape.v1.Property.$Shape[]|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ location?: undefined; mmioBase?: null; pciBdf?: null }|{ location?: "mmioBase"; mmioBase: number; pciBdf?: null }|{ location?: "pciBdf"; mmioBase?: null; pciBdf: number })
            );
        }

        interface IDeviceDetach extends devtape.v1.DeviceDetach.$Properties {
        }

        class DeviceDetach {
            constructor(properties?: devtape.v1.DeviceDetach.$Properties);
            $unknowns?: Uint8Array[];
            id: string;
            static create(properties: devtape.v1.DeviceDetach.$Shape): devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape;
            static create(properties?: devtape.v1.DeviceDetach.$Properties): devtape.v1.DeviceDetach;
            static encode(message: devtape.v1.DeviceDetach.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.DeviceDetach.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.DeviceDetach & devtape.v1.DeviceDetach.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.DeviceDetach;
            static toObject(message: devtape.v1.DeviceDetach, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace DeviceDetach {
            interface $Properties {
                id?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.DeviceDetach.$Properties;
        }

        interface IMachine extends devtape.v1.Machine.$Properties {
        }

        class Machine {
            constructor(properties?: devtape.v1.Machine.$Properties);
            $unknowns?: Uint8Array[];
            type: string;
            ramSize: number;
            static create(properties: devtape.v1.Machine.$Shape): devtape.v1.Machine & devtape.v1.Machine.$Shape;
            static create(properties?: devtape.v1.Machine.$Properties): devtape.v1.Machine;
            static encode(message: devtape.v1.Machine.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Machine.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Machine & devtape.v1.Machine.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Machine & devtape.v1.Machine.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Machine;
            static toObject(message: devtape.v1.Machine, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Machine {
            interface $Properties {
                type?: (string|null);
                ramSize?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Machine.$Properties;
        }

        interface IMarker extends devtape.v1.Marker.$Properties {
        }

        class Marker {
            constructor(properties?: devtape.v1.Marker.$Properties);
            $unknowns?: Uint8Array[];
            text: string;
            static create(properties: devtape.v1.Marker.$Shape): devtape.v1.Marker & devtape.v1.Marker.$Shape;
            static create(properties?: devtape.v1.Marker.$Properties): devtape.v1.Marker;
            static encode(message: devtape.v1.Marker.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Marker.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Marker & devtape.v1.Marker.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Marker & devtape.v1.Marker.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Marker;
            static toObject(message: devtape.v1.Marker, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Marker {
            interface $Properties {
                text?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = devtape.v1.Marker.$Properties;
        }

        interface IChunk extends devtape.v1.Chunk.$Properties {
        }

        class Chunk {
            constructor(properties?: devtape.v1.Chunk.$Properties);
            $unknowns?: Uint8Array[];
            events: devtape.v1.Event.$Properties[];
            times: number[];
            agents: devtape.v1.Agent.$Properties[];
            agentRefs: number[];
            static create(properties: devtape.v1.Chunk.$Shape): devtape.v1.Chunk & devtape.v1.Chunk.$Shape;
            static create(properties?: devtape.v1.Chunk.$Properties): devtape.v1.Chunk;
            static encode(message: devtape.v1.Chunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: devtape.v1.Chunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): devtape.v1.Chunk & devtape.v1.Chunk.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): devtape.v1.Chunk & devtape.v1.Chunk.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): devtape.v1.Chunk;
            static toObject(message: devtape.v1.Chunk, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Chunk {
            interface $Properties {
                events?: (devtape.v1.Event.$Properties[]|null);
                times?: (number[]|null);
                agents?: (devtape.v1.Agent.$Properties[]|null);
                agentRefs?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              events?: devtape.v1.Event.$Shape[]|null;
              times?: number[]|null;
              agents?: devtape.v1.Agent.$Shape[]|null;
              agentRefs?: number[]|null;
              $unknowns?: Uint8Array[];
            };
        }
    }
}
