// A minimal QMP connection (QEMU's JSON monitor, one JSON object per line), used by the live
// trace recorder for two things: to know that QEMU is up, and to ask it to quit.
//
// QEMU creates its QMP socket while it parses its options, long before the machine exists,
// so a successful connect says nothing. But QMP commands are dispatched from QEMU's main loop
// (the monitor's dispatcher runs in the iohandler context the main loop polls), so the reply
// to `qmp_capabilities` comes only once initialisation is over: every device created, every
// argument accepted. A QEMU that refuses an argument exits before answering.
import { createConnection, type Socket } from "node:net";

export class QmpConnection {
  private buffer = "";
  private waiting: ((msg: Record<string, unknown> | undefined) => void)[] = [];
  private closed = false;

  private constructor(private readonly sock: Socket) {
    sock.setEncoding("utf8");
    sock.on("data", (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        if (line === "") continue;
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if ("event" in msg) continue; // asynchronous events: not answers
        this.waiting.shift()?.(msg);
      }
    });
    const end = () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(undefined);
    };
    sock.on("close", end);
    sock.on("error", end);
  }

  /**
   * Connects to QEMU's QMP socket at `path` and negotiates capabilities: resolves with the
   * connection once QEMU answers (it is up), or undefined when `gone` settles first (QEMU
   * exited) or the connection closes. Retries the connect while the socket does not exist yet.
   */
  static async ready(path: string, gone: Promise<unknown>, retryMs = 20): Promise<QmpConnection | undefined> {
    let over = false;
    void gone.then(() => {
      over = true;
    });
    for (;;) {
      if (over) return undefined;
      const sock = await new Promise<Socket | undefined>((resolve) => {
        const s = createConnection(path);
        s.once("connect", () => resolve(s));
        s.once("error", () => {
          s.destroy();
          resolve(undefined);
        });
      });
      if (sock === undefined) {
        await Promise.race([gone, new Promise((r) => setTimeout(r, retryMs))]);
        continue;
      }
      const qmp = new QmpConnection(sock);
      const greeting = await Promise.race([qmp.next(), gone.then(() => undefined)]);
      if (greeting === undefined || !("QMP" in greeting)) {
        qmp.close();
        return undefined;
      }
      const caps = await Promise.race([qmp.command("qmp_capabilities"), gone.then(() => undefined)]);
      if (caps === undefined || !("return" in caps)) {
        qmp.close();
        return undefined;
      }
      return qmp;
    }
  }

  private next(): Promise<Record<string, unknown> | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends a command; resolves with QEMU's answer ({return} or {error}), or undefined if the connection closed. */
  command(execute: string, args?: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const answer = this.next();
    this.sock.write(`${JSON.stringify(args === undefined ? { execute } : { execute, arguments: args })}\n`);
    return answer;
  }

  close(): void {
    this.closed = true;
    this.sock.destroy();
  }
}
