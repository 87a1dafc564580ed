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
 * A guest error's sentence, or a function that makes it from up to four values given with
 * it: hot paths (a fuzzer's capture can hold millions of bad register writes) pass a
 * function and its values, and the sentence is made only for reports kept. The values go
 * as arguments, never captured in a closure where the error is found: a closure written in
 * a register handler makes V8 allocate a context for the handler's variables on every call,
 * error or not (on the bench mix, half of all the memory replay allocated).
 */
export type Why = string | ((a: never, b: never, c: never, d: never) => string);

/** The sentence of a guest error: `why` itself, or made from the values given with it. */
export function sentence(why: Why, a?: unknown, b?: unknown, c?: unknown, d?: unknown): string {
  return typeof why === "string" ? why : (why as (...values: unknown[]) => string)(a, b, c, d);
}

/** What a device's handler may report while it handles one event. */
export interface Reporter {
  readonly seq: number;
  guestError(device: string, offset: number | null, value: number | null, why: string): void;
  guestError<A = undefined, B = undefined, C = undefined, D = undefined>(
    device: string,
    offset: number | null,
    value: number | null,
    why: (a: A, b: B, c: C, d: D) => string,
    a?: A,
    b?: B,
    c?: C,
    d?: D,
  ): void;
  diverge(device: string, what: string, observed: string, allowed: string): void;
  /**
   * Takes back the divergence reported at `seq` for `device` and `what` (a later event showed
   * what explains it: a configuration change the host made shows in the ISR read after its
   * interrupt). The latest such report goes; one no longer kept is uncounted.
   */
  retract(device: string, seq: number, what: string): void;
}

export const hex = (n: number) => `0x${n.toString(16)}`;
