// Reads a ZIP archive with fflate (stored and deflated entries, ZIP64 too): enough for Plausible's CSV export.
import { unzipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  read(): Buffer;
}

/** The archive's entries; each is inflated only when read, so files the import skips cost nothing. */
export function readZip(zip: Buffer): ZipEntry[] {
  const names: string[] = [];
  // A filter that keeps nothing lists the central directory without inflating anything.
  unzipSync(zip, { filter: (file) => (names.push(file.name), false) });
  return names.map((name) => ({
    name,
    read: () => {
      const data = unzipSync(zip, { filter: (file) => file.name === name })[name]!;
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    },
  }));
}
