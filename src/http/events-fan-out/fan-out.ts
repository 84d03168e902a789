/**
 * The facade's side of the WebSocket fan-out process (fan-out-process.ts): hands it each accepted upgrade's socket
 * (the file descriptor passes over the IPC channel, as cluster hands connections to its workers), and each message
 * once with the ids of the subscribers that get it. The facade's event loop then does one IPC write per message
 * instead of one socket write per subscriber. The process is forked at the first subscriber and stopped with the
 * facade; if it dies, its subscribers are told closed (1011) and reconnect with their cursor, and the next
 * subscriber forks a new one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { LiveEvent } from '../../contracts/live-events';
import { projectRoot } from '../../project-root';
import { textFrame } from '../websocket-frame';
import { fromFanOutSchema, type FanOutSettings, type ToFanOut } from './protocol';

const processScript = path.join(projectRoot, 'src', 'http', 'events-fan-out', 'fan-out-process.ts');
/** The close code its subscribers are told when the fan-out process dies under them. */
const internalError = 1011;

export interface FanOutConnection {
  /** Queues the message for this subscriber; sent with the other subscribers' at the end of the current turn. */
  deliver(event: LiveEvent): void;
  close(code: number, reason: string): void;
}

export interface FanOutCallbacks {
  /** The handshake is done. */
  onOpen(): void;
  /** The socket is gone, with its close code; called once. */
  onClosed(code: number): void;
}

/** Whether a socket can be handed to another process: a TCP socket of this process, not a TLS or in-memory stream. */
export function canHandOver(socket: unknown): socket is Socket {
  return socket instanceof Socket && socket.constructor === Socket && !socket.destroyed;
}

export class EventsFanOut {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private readonly callbacks = new Map<number, FanOutCallbacks>();
  /** Messages of this turn and the subscribers each goes to, in the order they were published. */
  private pending = new Map<LiveEvent, number[]>();
  private flushScheduled = false;
  private stopped = false;

  constructor(
    private readonly settings: FanOutSettings,
    private readonly logger: Logger,
  ) {}

  /** Hands the accepted upgrade's socket over; the handshake happens there. */
  adopt(req: IncomingMessage, socket: Socket, head: Buffer, callbacks: FanOutCallbacks): FanOutConnection {
    const id = this.nextId++;
    this.callbacks.set(id, callbacks);
    // Nothing is read from the socket here any more: its bytes are the fan-out process's.
    socket.pause();
    const { child, ready } = this.start();
    const message: ToFanOut = {
      type: 'adopt',
      id,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined),
      ),
      head: new Uint8Array(head),
    };
    const lost = (): void => {
      socket.destroy();
      this.closed(id, internalError);
    };
    // A socket the channel could not take (an error at once or later) stays ours: closed, rather than left open
    // with nobody serving it, and never an unhandled rejection.
    ready
      .then(() => {
        if (!child.connected) return lost();
        child.send(message, socket, (error) => {
          if (error) lost();
        });
      })
      .catch(lost);
    return {
      deliver: (event) => this.deliver(id, event),
      close: (code, reason) => this.post({ type: 'close', id, code, reason }),
    };
  }

  /** Closes every socket (1001) and lets the process exit once they are closed (or after closeGraceMs). */
  stop(): void {
    this.stopped = true;
    this.post({ type: 'stop' });
  }

  private deliver(id: number, event: LiveEvent): void {
    let ids = this.pending.get(event);
    if (ids === undefined) {
      ids = [];
      this.pending.set(event, ids);
    }
    ids.push(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // The service hands a message to every subscriber in one synchronous loop: sent once that loop is over.
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    for (const [event, ids] of pending) {
      this.post({ type: 'send', frame: textFrame(Buffer.from(JSON.stringify(event), 'utf8')), ids });
    }
  }

  /** To the process once it is ready, in order; nothing when there is none (no subscriber yet, or stopped). */
  private post(message: ToFanOut): void {
    const { child, ready } = this;
    if (!child || !ready) return;
    void ready.then(() => {
      if (child.connected) child.send(message);
    });
  }

  private start(): { child: ChildProcess; ready: Promise<void> } {
    if (this.child && this.ready) return { child: this.child, ready: this.ready };
    const child = fork(processScript, [JSON.stringify(this.settings)], {
      // tsx, as the facade itself runs (npm start), resolved from the project.
      execArgv: ['--import', 'tsx'],
      cwd: projectRoot,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The facade's life is not held by its fan-out: it stops it when it stops (stop()).
    child.unref();
    child.channel?.unref();
    const ready = new Promise<void>((resolve) => {
      child.on('message', (raw: unknown) => {
        const parsed = fromFanOutSchema.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'ready') resolve();
        else if (message.type === 'open') this.callbacks.get(message.id)?.onOpen();
        else this.closed(message.id, message.code);
      });
      child.once('exit', () => resolve());
    });
    child.on('error', (error) => this.logger.error({ err: error }, 'the events fan-out process failed'));
    child.once('exit', (code, signal) => {
      if (this.child === child) {
        this.child = undefined;
        this.ready = undefined;
      }
      if (!this.stopped) this.logger.error({ code, signal }, 'the events fan-out process exited; its subscribers are closed');
      for (const id of [...this.callbacks.keys()]) this.closed(id, internalError);
    });
    this.child = child;
    this.ready = ready;
    return { child, ready };
  }

  private closed(id: number, code: number): void {
    const callbacks = this.callbacks.get(id);
    this.callbacks.delete(id);
    callbacks?.onClosed(code);
  }
}
