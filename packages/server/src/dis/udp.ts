import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { DisStream, TimedPdu } from './stream.ts';

/** A DIS destination that cannot be used: the message names the flag and the value. */
export class DisAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisAddressError';
  }
}

export interface DisAddress {
  host: string;
  port: number;
}

/**
 * HOST:PORT of a DIS receiver: an IPv4 address or host name and a UDP port 1-65535 (an IPv6 address in
 * brackets, `[::1]:3000`). Broadcast and multicast addresses are accepted (broadcast is enabled on the
 * socket); DIS's customary port is 3000.
 */
export function parseDisAddress(text: string, flag = '--dis'): DisAddress {
  const shown = text.slice(0, 80);
  const m = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([A-Za-z0-9.-]{1,253}):(\d{1,5})$/.exec(text);
  if (!m) throw new DisAddressError(`${flag}: '${shown}' is not HOST:PORT (e.g. 127.0.0.1:3000, or [::1]:3000)`);
  const [, host, portText] = m;
  const port = Number(portText);
  if (!(port >= 1 && port <= 65535)) throw new DisAddressError(`${flag}: port ${portText} is out of range (1-65535)`);
  if (text.startsWith('[') && isIP(host) !== 6) throw new DisAddressError(`${flag}: '${host}' is not an IPv6 address`);
  if (/^[\d.]+$/.test(host) && isIP(host) !== 4) throw new DisAddressError(`${flag}: '${host}' is not an IPv4 address`);
  return { host, port };
}

/**
 * A UDP sender of PDUs to one address (resolved once; the socket is not connected, so a receiver that
 * is not there does not turn later sends into errors); `send` resolves once the system has the datagram.
 */
export class DisSender {
  private socket: Socket | undefined;
  private ip = '';
  sent = 0;
  bytes = 0;

  constructor(readonly address: DisAddress) {}

  /** Resolves the host and binds a socket (broadcast allowed); a host that does not resolve is a DisAddressError. */
  async open(): Promise<void> {
    try {
      this.ip = (await lookup(this.address.host)).address;
    } catch (e) {
      throw new DisAddressError(
        `--dis: cannot resolve '${this.address.host.slice(0, 80)}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    const socket = createSocket(isIP(this.ip) === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    await new Promise<void>((done, fail) => {
      socket.once('error', fail);
      socket.bind(0, () => {
        socket.off('error', fail);
        // later errors (an ICMP refusal on some systems) must not end the process: sends report their own
        socket.on('error', () => undefined);
        try {
          socket.setBroadcast(true);
        } catch {
          // not every address family allows broadcast: sending to one address still works
        }
        done();
      });
    });
  }

  send(pdu: Buffer): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('DisSender.send before open'));
    return new Promise((done, fail) => {
      socket.send(pdu, this.address.port, this.ip, (err) => {
        if (err) return fail(err);
        this.sent += 1;
        this.bytes += pdu.length;
        done();
      });
    });
  }

  close(): void {
    try {
      this.socket?.close();
    } catch {
      // already closed
    }
    this.socket = undefined;
  }
}

export interface PlayOptions {
  /** Scenario seconds per wall second. */
  speed: number;
  send(pdu: TimedPdu): Promise<void> | void;
  signal?: AbortSignal;
  /** Wall clock [ms] (default performance.now). */
  now?: () => number;
  /** Wall milliseconds between steps (default 20 ms). */
  tickMs?: number;
}

/**
 * Plays a stream at `speed` times real time: every tick, the scenario clock is the wall time elapsed
 * times the speed, and the PDUs due by then are sent in order. Ends at the stream's end or when the
 * signal aborts; returns the scenario time reached.
 */
export async function playDisStream(stream: DisStream, options: PlayOptions): Promise<number> {
  const now = options.now ?? (() => performance.now());
  const tick = options.tickMs ?? 20;
  const wall0 = now();
  let t = stream.start;
  while (!stream.done && !options.signal?.aborted) {
    t = Math.min(stream.end, stream.start + ((now() - wall0) / 1000) * options.speed);
    for (const pdu of stream.advance(t)) await options.send(pdu);
    if (stream.done) break;
    await new Promise((done) => setTimeout(done, tick));
  }
  return t;
}

/**
 * A UDP socket bound to HOST:PORT that hands every datagram to `onDatagram` (`dome serve --dis-listen`).
 * Datagrams longer than a PDU may be are cut by the socket's receive buffer, not read whole; what a
 * datagram holds is the callback's to check. A host that does not resolve or an address that cannot be
 * bound (in use, not this machine's) is a DisAddressError naming `flag`.
 */
export class DisReceiver {
  private socket: Socket | undefined;
  received = 0;

  constructor(
    readonly address: DisAddress,
    private readonly onDatagram: (bytes: Buffer) => void,
    private readonly flag = '--dis-listen',
  ) {}

  /** Binds; resolves with the address bound (port 0: the one the system chose). */
  async open(): Promise<DisAddress> {
    let ip: string;
    try {
      ip = (await lookup(this.address.host)).address;
    } catch (e) {
      throw new DisAddressError(
        `${this.flag}: cannot resolve '${this.address.host.slice(0, 80)}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    const socket = createSocket(isIP(ip) === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((done, fail) => {
      socket.once('error', (e: NodeJS.ErrnoException) =>
        fail(new DisAddressError(`${this.flag}: cannot listen on ${ip}:${this.address.port} (${e.code ?? e.message})`)),
      );
      socket.bind(this.address.port, ip, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        done();
      });
    });
    socket.on('message', (bytes) => {
      this.received += 1;
      this.onDatagram(bytes);
    });
    this.socket = socket;
    const bound = socket.address();
    return { host: bound.address, port: bound.port };
  }

  close(): void {
    try {
      this.socket?.close();
    } catch {
      // already closed
    }
    this.socket = undefined;
  }
}
