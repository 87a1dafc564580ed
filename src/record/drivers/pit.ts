// Silences the i8254 PIT of the pc and q35 machines. QEMU resets channel 0 to mode 3 (a
// square wave at 18.2 Hz), so without firmware to reprogram it IRQ 0 toggles every
// 27 ms of a capture: noise in the events, and a notification that can cross a command
// in flight. Firmware or the OS would take the timer over; a capture has no use for it, so
// the harness writes one control word, as an OS disabling the PIT does: channel 0, lobyte/
// hibyte access, mode 0 (interrupt on terminal count). Its output goes low at once and
// stays low, since no count is ever loaded. microvm captures run with pit=off instead.
import type { DriverBus } from "./driver-bus.js";

export const PIT_MODE_COMMAND = 0x43;
/** Channel 0 (bits 7-6 = 00), access lobyte/hibyte (11), mode 0 (000), binary (0). */
export const PIT_CH0_MODE0 = 0x30;

export async function silencePit(bus: DriverBus): Promise<void> {
  bus.marker("platform: stop the i8254 PIT (channel 0 to mode 0, no count loaded)");
  await bus.outb(PIT_MODE_COMMAND, PIT_CH0_MODE0);
}
