// The generated protobuf module with devtape's runtime settings (protobuf-runtime.ts).
// Every module reads the generated code through this file so the settings always apply.

import type { devtape } from "./generated/devtape.js";
import { $protobuf, generated } from "./protobuf-runtime.js";

export const v1 = generated.devtape.v1;
export const { Event, Chunk, Agent } = v1;
export const { Access, BarrierKind, BarrierFlavour, IrqAction } = v1;
export const Writer = $protobuf.Writer;
export const Reader = $protobuf.Reader;

/** An event as the generated code accepts it: every field optional. */
export type EventProps = devtape.v1.Event.$Properties;
/** A decoded event. */
export type DecodedEvent = devtape.v1.Event;
export type MmioAccessProps = devtape.v1.MmioAccess.$Properties;
export type PortIoAccessProps = devtape.v1.PortIoAccess.$Properties;
export type PciConfigAccessProps = devtape.v1.PciConfigAccess.$Properties;
export type MemoryAccessProps = devtape.v1.MemoryAccess.$Properties;
export type InterruptProps = devtape.v1.Interrupt.$Properties;
export type AgentProps = devtape.v1.Agent.$Properties;
export type DeviceAttachProps = devtape.v1.DeviceAttach.$Properties;
