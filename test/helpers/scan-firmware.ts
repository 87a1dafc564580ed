// A 64 KiB x86 firmware for live trace tests: a guest that does something traceable for a
// few seconds and then makes QEMU exit, with no toolchain needed to build it.
//
// From the reset vector (image offset 0xfff0: jmp far f000:0000) it runs, in real mode at
// 0xf0000: `iterations` times, read the vendor/device word of function 0 of every slot of PCI
// bus 0 through configuration mechanism #1 (outl 0xcf8, inl 0xcfc), then spin `delay` times
// (loop on ECX); then write 6 to the reset control register 0xcf9 (a hard reset: with
// -no-reboot QEMU exits with status 0) and halt. Works on pc and q35 (both decode 0xcf8,
// 0xcfc and 0xcf9).

export interface ScanFirmwareOptions {
  /** Scans of bus 0 (1-65535; 0 means 65536). */
  iterations: number;
  /** Spins of `loop` after each scan. */
  delay: number;
}

const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

export function scanFirmware(o: ScanFirmwareOptions): Uint8Array {
  // prettier-ignore
  const code = [
    0xfa,                                   // 00 cli
    0xbd, ...le16(o.iterations),            // 01 mov bp, iterations
    0x66, 0x31, 0xdb,                       // 04 outer: xor ebx, ebx
    0x66, 0x89, 0xd8,                       // 07 scan: mov eax, ebx
    0x66, 0xc1, 0xe0, 0x0b,                 // 0a shl eax, 11          (slot << 11)
    0x66, 0x0d, ...le32(0x8000_0000),       // 0e or eax, 0x80000000   (enable bit)
    0xba, ...le16(0xcf8),                   // 14 mov dx, 0xcf8
    0x66, 0xef,                             // 17 out dx, eax
    0xba, ...le16(0xcfc),                   // 19 mov dx, 0xcfc
    0x66, 0xed,                             // 1c in eax, dx
    0x66, 0x43,                             // 1e inc ebx
    0x66, 0x83, 0xfb, 0x20,                 // 20 cmp ebx, 32
    0x75, 0xe1,                             // 24 jne scan
    0x66, 0xb9, ...le32(o.delay),           // 26 mov ecx, delay
    0x67, 0xe2, 0xfd,                       // 2c loop $ (on ECX)
    0x4d,                                   // 2f dec bp
    0x75, 0xd2,                             // 30 jnz outer
    0xba, ...le16(0xcf9),                   // 32 mov dx, 0xcf9
    0xb0, 0x06,                             // 35 mov al, 6            (hard reset)
    0xee,                                   // 37 out dx, al
    0xf4,                                   // 38 hlt
    0xeb, 0xfd,                             // 39 jmp 38
  ];
  const image = new Uint8Array(64 * 1024).fill(0xf4);
  image.set(code, 0);
  image.set([0xea, 0x00, 0x00, 0x00, 0xf0], 0xfff0); // jmp far f000:0000
  return image;
}
