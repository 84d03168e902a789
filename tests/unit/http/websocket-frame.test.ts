import * as ws from 'ws';
import { textFrame } from '../../../src/http/websocket-frame';

/** ws's frame parser (exported by ws, not declared by @types/ws). */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => FrameReceiver };

/** What ws's own client-side parser reads from the bytes: the frame must be one a browser or ws accepts. */
function parse(frame: Buffer): Promise<{ text: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ text: data.toString('utf8'), isBinary }));
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

describe('textFrame', () => {
  it.each([
    ['empty', 0],
    ['short (7-bit length)', 125],
    ['medium (16-bit length)', 126],
    ['medium, largest', 65_535],
    ['long (64-bit length)', 65_536],
  ])('frames a %s payload as one unmasked text message', async (_name, length) => {
    const text = 'é'.repeat(Math.floor(length / 2)) + (length % 2 ? 'x' : '');
    const payload = Buffer.from(text, 'utf8');
    expect(payload.length).toBe(length);
    const frame = textFrame(payload);
    expect(frame[0]).toBe(0x81);
    // No mask bit: a server's frames are the same bytes for every client.
    expect((frame[1] ?? 0) & 0x80).toBe(0);
    await expect(parse(frame)).resolves.toEqual({ text, isBinary: false });
  });
});
