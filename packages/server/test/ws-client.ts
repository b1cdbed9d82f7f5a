import WebSocket from 'ws';

/** A message from the server (docs/websocket-protocol.md). */
export type ServerMessage = { type: string; seq: number; sentMs: number } & Record<string, unknown>;

/** A test WebSocket client that records everything it receives and how the socket closed. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: Array<() => void> = [];
  readonly ws: WebSocket;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    this.ws.on('error', () => this.wake());
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Resolves when `done` holds (checked on every message and on close); rejects after `ms` (default 30 s:
   * a first `scene` waits for the pool's threads to start and load the trial and view modules, which on
   * a loaded shared machine has taken over 10 s).
   */
  async until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${this.messages.map((m) => m.type).join(',')}${this.closed ? ` closed ${this.closed.code}` : ''}`,
        );
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  of(type: string): ServerMessage[] {
    return this.messages.filter((m) => m.type === type);
  }

  /** Waits for the n-th message of a type (1-based count). */
  async next(type: string, count = 1): Promise<ServerMessage> {
    await this.until(() => this.of(type).length >= count || this.closed !== undefined, `${count} '${type}'`);
    const m = this.of(type)[count - 1];
    if (!m)
      throw new Error(
        `socket closed (${this.closed?.code} ${this.closed?.reason}) before ${count} '${type}'; got ${JSON.stringify(this.messages.at(-1))}`,
      );
    return m;
  }

  async closing(): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== undefined, 'close');
    return this.closed as { code: number; reason: string };
  }

  close(): void {
    this.ws.close();
  }
}
