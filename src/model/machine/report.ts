// What replay reports besides state: guest errors (the driver did something the device or
// the spec does not allow; the device survives it, as QEMU logs LOG_GUEST_ERROR) and
// divergences (the capture shows a value the model cannot explain: a read the device could
// not have answered that way). Both are data, never exceptions.

export interface GuestError {
  seq: number;
  device: string;
  /** Register offset within the device, or the guest-physical address, when there is one. */
  offset: number | null;
  value: number | null;
  why: string;
}

export interface Divergence {
  seq: number;
  device: string;
  what: string;
  observed: string;
  allowed: string;
}

/**
 * A guest error's sentence, or a function that makes it: hot paths (a fuzzer's capture can
 * hold millions of bad register writes) pass a function, called only for reports kept.
 */
export type Why = string | (() => string);

/** What a device's handler may report while it handles one event. */
export interface Reporter {
  readonly seq: number;
  guestError(device: string, offset: number | null, value: number | null, why: Why): void;
  diverge(device: string, what: string, observed: string, allowed: string): void;
  /**
   * Takes back the divergence reported at `seq` for `device` and `what` (a later event showed
   * what explains it: a configuration change the host made shows in the ISR read after its
   * interrupt). The latest such report goes; one no longer kept is uncounted.
   */
  retract(device: string, seq: number, what: string): void;
}

export const hex = (n: number) => `0x${n.toString(16)}`;
