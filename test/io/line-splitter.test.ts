// The importers' line splitter must give exactly the lines node:readline gave them
// (crlfDelay: Infinity): compared on random texts of "\n", "\r", "\r\n", multi-byte UTF-8 and
// invalid bytes, cut into random pieces (line ends and UTF-8 sequences split between reads).
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { prng } from "../../src/bench/synthetic.js";
import { LineSplitter } from "../../src/io/batch-import.js";

async function readlineLines(pieces: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({ input: Readable.from(pieces), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) out.push(line);
  return out;
}

function splitterLines(pieces: Buffer[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter();
  for (const p of pieces) s.push(p, (l) => out.push(l));
  s.end((l) => out.push(l));
  return out;
}

/** pushBytes, its byte lines read as text. */
function byteLines(pieces: Buffer[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter();
  for (const p of pieces)
    s.pushBytes(
      p,
      (buf, start, end) => out.push(buf.toString("latin1", start, end)),
      (l) => out.push(l),
    );
  s.end((l) => out.push(l));
  return out;
}

const ATOMS = ["a", "bc", "name 0x1f", " ", "\n", "\n", "\r", "\r\n", "\n\n", "é", "€", "𝄞", "\u2028"];

describe("LineSplitter", () => {
  it("splits as readline does, however the input is cut", async () => {
    const rnd = prng(7);
    for (let round = 0; round < 400; round++) {
      let text = "";
      const n = Math.floor(rnd() * 40);
      for (let i = 0; i < n; i++) text += ATOMS[Math.floor(rnd() * ATOMS.length)];
      let bytes = Buffer.from(text, "utf8");
      // now and then an invalid byte, or a sequence cut off at the very end
      if (rnd() < 0.2) bytes = Buffer.concat([bytes, Buffer.from([0xff, 0x61])]);
      if (rnd() < 0.2) bytes = Buffer.concat([bytes, Buffer.from([0xe2, 0x82])]);
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length;) {
        const len = 1 + Math.floor(rnd() * 6);
        pieces.push(bytes.subarray(i, i + len));
        i += len;
      }
      const want = await readlineLines(pieces);
      expect(splitterLines(pieces), JSON.stringify(text)).toEqual(want);
      expect(byteLines(pieces), JSON.stringify(text)).toEqual(want);
    }
  });

  it("gives ASCII lines as bytes, the same lines readline gives", async () => {
    const rnd = prng(9);
    for (let round = 0; round < 200; round++) {
      let text = "";
      const n = Math.floor(rnd() * 60);
      // mostly ASCII, now and then a "\r" or a multi-byte character in one piece
      for (let i = 0; i < n; i++)
        text +=
          rnd() < 0.95
            ? (["ab", "c d", "\n", "\n", "12"][Math.floor(rnd() * 5)] as string)
            : (["\r", "é", "\r\n"][Math.floor(rnd() * 3)] as string);
      const bytes = Buffer.from(text, "utf8");
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length;) {
        const len = 1 + Math.floor(rnd() * 20);
        pieces.push(bytes.subarray(i, i + len));
        i += len;
      }
      expect(byteLines(pieces), JSON.stringify(text)).toEqual(await readlineLines(pieces));
    }
  });

  it("handles the cases readline documents", async () => {
    const cases = ["", "a", "a\n", "a\r\nb", "a\rb\r", "\r\n\r\n", "a\n\nb\n", "x\r", "\n"];
    for (const c of cases) {
      const pieces = [Buffer.from(c)];
      expect(splitterLines(pieces), JSON.stringify(c)).toEqual(await readlineLines(pieces));
      expect(byteLines(pieces), JSON.stringify(c)).toEqual(await readlineLines(pieces));
    }
    // a CRLF cut between two reads is one line end
    expect(splitterLines([Buffer.from("a\r"), Buffer.from("\nb")])).toEqual(["a", "b"]);
    expect(byteLines([Buffer.from("a\r"), Buffer.from("\nb")])).toEqual(["a", "b"]);
  });
});
