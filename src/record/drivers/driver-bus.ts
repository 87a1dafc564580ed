// What a driver needs from the machine it drives: the qtest operations (port I/O, MMIO,
// guest memory), a way to wait for an interrupt the way a halted vCPU would, and two
// things only the driver knows and a capture cannot see: where it places its memory
// barriers and how it names the phases of its work. The recorder (QtestRecorder)
// provides all of it and records every call; drivers are written against this type.
import type { QtestCommands } from "../qtest/commands.js";
import type { BarrierFlavourName, BarrierKindName } from "../qtest/recorder.js";

export interface DriverBus extends QtestCommands {
  barrier(kind: BarrierKindName, flavour: BarrierFlavourName): void;
  marker(text: string): void;
  /** Resolves once interrupt `line` is at `level` (at once if it already is). */
  waitForIrq(line: number, level?: boolean, timeoutMs?: number): Promise<void>;
}
