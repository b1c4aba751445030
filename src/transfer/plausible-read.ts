// Reads Plausible's CSV export (the zip, its unzipped folder, or single files) into rows per table.
import fs from 'node:fs';
import path from 'node:path';
import { readZip } from './zip.ts';
import { parseCsvObjects } from '../lib/csv.ts';

export const PLAUSIBLE_TABLES = [
  'visitors', 'sources', 'pages', 'entry_pages', 'exit_pages', 'custom_events',
  'locations', 'devices', 'browsers', 'operating_systems',
] as const;
export type PlausibleTable = (typeof PLAUSIBLE_TABLES)[number];
export type Row = Record<string, string>;
export type PlausibleExport = Map<PlausibleTable, Row[]>;

/** imported_visitors_20240101_20241231.csv, or visitors_20240101_20241231.csv. */
const FILE_NAME = new RegExp(`^(?:imported_)?(${PLAUSIBLE_TABLES.join('|')})_\\d{8}_\\d{8}\\.csv$`);

export function plausibleTableOf(fileName: string): PlausibleTable | null {
  return (FILE_NAME.exec(path.basename(fileName))?.[1] as PlausibleTable | undefined) ?? null;
}

export async function readPlausibleExport(input: string): Promise<PlausibleExport> {
  const files: Array<{ name: string; text: () => string }> = [];
  const stat = fs.statSync(input);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(input)) files.push({ name, text: () => fs.readFileSync(path.join(input, name), 'utf8') });
  } else if (input.toLowerCase().endsWith('.zip')) {
    for (const entry of readZip(fs.readFileSync(input))) files.push({ name: entry.name, text: () => entry.read().toString('utf8') });
  } else {
    files.push({ name: input, text: () => fs.readFileSync(input, 'utf8') });
  }
  const tables: PlausibleExport = new Map();
  for (const file of files) {
    const table = plausibleTableOf(file.name);
    if (table === null) continue;
    const rows = tables.get(table) ?? [];
    for await (const row of parseCsvObjects(once(file.text()))) rows.push(row);
    tables.set(table, rows);
  }
  if (!tables.has('visitors') && !tables.has('sources') && !tables.has('pages')) {
    throw new Error(`${input} holds no Plausible export tables (expected files like imported_visitors_20240101_20241231.csv)`);
  }
  return tables;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
