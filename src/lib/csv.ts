// RFC 4180 CSV: the one writer of every export (API breakdowns, `inkling export`) and a streaming
// parser for imports (quotes, CRLF, newlines in fields).
//
// Text cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) get a
// leading apostrophe: stored strings come from the public internet (page paths, referrers, UTM
// values). A cell that already starts with an apostrophe gets one too, so the prefix can always be
// taken off again (unneutralise) and `inkling export` -> `inkling import` stays lossless.
export type Cell = string | number | null;

const NEEDS_PREFIX = /^[=+\-@\t\r']/;

export function neutralise(text: string): string {
  return NEEDS_PREFIX.test(text) ? `'${text}` : text;
}

/** The text neutralise() was given: drops the one apostrophe it adds. */
export function unneutralise(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

function formatCsvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutralise(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, without a line ending. */
export function formatCsvRow(fields: readonly Cell[]): string {
  return fields.map(formatCsvField).join(',');
}

/** A whole file: header and rows, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map(formatCsvRow).join('\r\n') + '\r\n';
}

/** Records from a stream of text chunks; a chunk may end anywhere, even inside a quoted field. */
export async function* parseCsv(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  const state = { record: [] as string[], field: '', quoted: false, afterQuote: false, any: false };
  for await (const chunk of chunks) yield* consume(state, chunk);
  if (state.any || state.field !== '' || state.record.length > 0) {
    state.record.push(state.field);
    yield state.record;
  }
}

interface CsvState {
  record: string[];
  field: string;
  quoted: boolean;
  /** Just read a quote inside a quoted field: the next char decides between "" and the end. */
  afterQuote: boolean;
  any: boolean;
}

function* consume(s: CsvState, chunk: string): Generator<string[]> {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (s.quoted) {
      if (s.afterQuote) {
        s.afterQuote = false;
        if (c === '"') {
          s.field += '"';
          continue;
        }
        s.quoted = false; // the quote closed the field; fall through to handle c
      } else if (c === '"') {
        s.afterQuote = true;
        continue;
      } else {
        s.field += c;
        continue;
      }
    }
    if (c === '"' && s.field === '') {
      s.quoted = true;
      s.any = true;
    } else if (c === ',') {
      s.record.push(s.field);
      s.field = '';
      s.any = true;
    } else if (c === '\n') {
      s.record.push(s.field);
      yield s.record;
      s.record = [];
      s.field = '';
      s.any = false;
    } else if (c !== '\r') {
      s.field += c;
      s.any = true;
    }
  }
}

/** Records as objects keyed by the header row. */
export async function* parseCsvObjects(chunks: AsyncIterable<string>): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const record of parseCsv(chunks)) {
    if (header === null) {
      header = record.map((name) => name.trim().replace(/^\uFEFF/, ''));
      continue;
    }
    if (record.length === 1 && record[0] === '') continue; // a blank line
    const row: Record<string, string> = Object.create(null);
    header.forEach((name, i) => (row[name] = record[i] ?? ''));
    yield row;
  }
}
