// RFC 4180 CSV: formatting rows for exports and a streaming parser for imports (quotes, CRLF, newlines in fields).

export function formatCsvRow(fields: ReadonlyArray<string | number | null>): string {
  return fields.map(formatCsvField).join(',');
}

function formatCsvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
