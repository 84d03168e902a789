import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface ArchiveFile {
  path: string;
  bytes: Buffer;
}

/** A tar.gz of the files, in order, with a fixed time and mode: the same files always give the same archive. */
export async function packTarGz(files: readonly ArchiveFile[], mtime: Date): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const file of files) {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: file.path, size: file.bytes.length, mode: 0o644, mtime }, file.bytes, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** The files of a tar.gz, in archive order. A name seen twice is kept twice, so a verifier can refuse it. */
export async function unpackTarGz(archive: Buffer): Promise<ArchiveFile[]> {
  const extract = tar.extract();
  const files: ArchiveFile[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' || header.type === undefined) files.push({ path: header.name, bytes: Buffer.concat(chunks) });
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(archive));
  await done;
  return files;
}
