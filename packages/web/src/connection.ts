import { type ClientMessage, parseServerMessage, type ServerMessage } from './protocol.ts';

export interface ConnectionHandlers {
  message(message: ServerMessage): void;
  /** The socket closed (code and reason as the browser reports them) or a frame could not be read. */
  problem(text: string): void;
  open?(): void;
}

/**
 * One WebSocket to the server's `/ws`. Messages are queued until the socket opens; closing it is
 * final (a nation switch opens a new Connection: the server fixes the nation when the socket opens).
 */
export class Connection {
  private readonly socket: WebSocket;
  private readonly queue: string[] = [];
  private closedByUs = false;

  constructor(
    readonly url: string,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.socket = new WebSocket(url);
    this.socket.addEventListener('open', () => {
      for (const text of this.queue.splice(0)) this.socket.send(text);
      handlers.open?.();
    });
    this.socket.addEventListener('message', (e: MessageEvent) => {
      if (typeof e.data !== 'string') return handlers.problem('server sent a binary frame');
      let message: ServerMessage;
      try {
        message = parseServerMessage(e.data);
      } catch (error) {
        return handlers.problem((error as Error).message);
      }
      handlers.message(message);
    });
    this.socket.addEventListener('close', (e: CloseEvent) => {
      if (!this.closedByUs) handlers.problem(`connection closed (${e.code}${e.reason ? `: ${e.reason}` : ''})`);
    });
  }

  send(message: ClientMessage): void {
    const text = JSON.stringify(message);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    else if (this.socket.readyState === WebSocket.CONNECTING) this.queue.push(text);
  }

  close(): void {
    this.closedByUs = true;
    this.socket.close(1000, 'view closed');
  }
}
