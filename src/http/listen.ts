import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * Starts the facade's HTTP server. Requests that Node's HTTP parser refuses before Express sees them (a raw
 * non-ASCII byte in the path, headers past the size limit, a broken chunked body) get the API's error shape too,
 * instead of Node's bare status line.
 */
export function listenFacade(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.on('clientError', answerClientError);
  });
}

/** As Node's default handler decides the status, with a JSON body; the connection is closed after it. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed)) {
    socket.destroy();
    return;
  }
  const [status, code, reason, message] = clientErrorStatus(error.code);
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function clientErrorStatus(code: string | undefined): [number, string, string, string] {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'HEADERS_TOO_LARGE', 'Request Header Fields Too Large', 'the request headers are larger than the server accepts'];
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'REQUEST_TIMEOUT', 'Request Timeout', 'the request was not received in time'];
  return [400, 'BAD_REQUEST', 'Bad Request', 'the request is not valid HTTP (for example a raw non-ASCII character in the path)'];
}
