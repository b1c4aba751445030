// CSV for exports (RFC 4180, CRLF). Text cells that a spreadsheet would run as a formula
// (starting with = + - @ tab or CR) are prefixed with an apostrophe: stored strings come from
// the public internet (page paths, referrers, UTM values).
export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutralise(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
