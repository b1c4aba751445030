// The data directory is private to the user running Inkling: the directory 0700, what it holds
// 0600 (the database keeps password hashes and TOTP secrets, the spool raw-ish events).
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/**
 * Inkling's own subdirectories: the spool's segments, and DuckDB's spill directory next to
 * inkling.duckdb (app-db.ts's DB_FILE), which a crash can leave behind with data in it.
 */
const OWN_SUBDIRS = ['spool', 'inkling.duckdb.tmp'];

/**
 * Creates the data directory, or makes an existing one private again: installs from before file
 * modes were set have a 0755 directory with 0644 files. Walks the top level and Inkling's own
 * subdirectories only; other directories and symlinks someone put there are left as they are
 * (the 0700 directory already keeps other users out of them).
 */
export function prepareDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  restrict(dir, PRIVATE_DIR);
  tightenEntries(dir);
  for (const name of OWN_SUBDIRS) {
    const sub = path.join(dir, name);
    const stat = fs.lstatSync(sub, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) continue;
    restrict(sub, PRIVATE_DIR);
    tightenEntries(sub);
  }
}

/**
 * Regular files and sockets (a stale admin.sock) of one directory become 0600. A file of another
 * user (say a GeoIP database root put there) is not ours to change; the directory guards it.
 */
function tightenEntries(dir: string): void {
  const uid = process.getuid?.();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() && !entry.isSocket()) continue;
    const file = path.join(dir, entry.name);
    if (uid === undefined || fs.lstatSync(file).uid === uid) restrict(file, PRIVATE_FILE);
  }
}

/** chmod only when the mode differs, so a directory that is already right needs no ownership. */
function restrict(file: string, mode: number): void {
  if ((fs.lstatSync(file).mode & 0o777) === mode) return;
  try {
    fs.chmodSync(file, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new Error(`cannot make ${file} private (mode ${mode.toString(8)}): ${code}; give it to the user that runs Inkling (chown)`);
  }
}
