// The ZIP writer (fflate, deflate) for the export of every breakdown at once.
import { zipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * A fixed modification time, so archives are reproducible byte for byte. ZIP stores local
 * wall-clock time and fflate reads the Date's local fields, so a local-time Date is the same
 * 2020-01-01 00:00 on every server's time zone.
 */
const MTIME = new Date(2020, 0, 1);

export function zip(entries: readonly ZipEntry[]): Buffer {
  const files = Object.fromEntries(entries.map((entry) => [entry.name, entry.data]));
  const archive = zipSync(files, { mtime: MTIME });
  return Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
}
