/**
 * A whole WebSocket text frame (RFC 6455 section 5.2) as a server sends it: FIN, opcode 1, no mask, the payload's
 * length in 7, 16 or 64 bits, then the payload. A server's frames are not masked, so the bytes are the same for
 * every client: GET /v1/events builds each message's frame once and writes that one Buffer to every socket, instead
 * of asking `ws` to frame it again (a header Buffer, two writes and a callback) per subscriber.
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}
