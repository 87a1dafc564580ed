// A bump allocator over a window of guest RAM, for the structures a driver hands to a
// device (virtqueue rings, request headers, data buffers, status bytes). Guest-physical
// addresses are all the device sees; the allocator only keeps them apart and aligned.
// It never frees: a capture session is short and its layout is easier to read when every
// structure keeps its own address.

export class GuestMemory {
  private next: number;

  /** Allocates from [base, base + size); the window must lie in the machine's RAM. */
  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.next = base;
  }

  /** `length` bytes aligned to `align` (a power of two). Throws when the window is full. */
  alloc(length: number, align = 16): number {
    if (align <= 0 || (align & (align - 1)) !== 0) throw new Error(`GuestMemory: alignment ${align} is not a power of two`);
    const addr = Math.ceil(this.next / align) * align;
    if (addr + length > this.base + this.size) {
      throw new Error(
        `GuestMemory: no room for ${length} bytes aligned to ${align} in 0x${this.base.toString(16)}+0x${this.size.toString(16)}`,
      );
    }
    this.next = addr + length;
    return addr;
  }

  /** Bytes handed out so far. */
  get used(): number {
    return this.next - this.base;
  }
}
