import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCsvRow, parseCsv, parseCsvObjects, unneutralise } from '../../src/lib/csv.ts';

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const collect = async <T>(gen: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
};

const cases: Array<[string, string, string[][]]> = [
  ['plain', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
  ['CRLF and no final newline', 'a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
  ['quoted comma, quote and newline', 'x,"a,""b""\nc"\n', [['x', 'a,"b"\nc']]],
  ['empty fields', ',,\n', [['', '', '']]],
  ['quoted empty field', '""\n', [['']]],
];
for (const [name, text, expected] of cases) {
  test(`parseCsv: ${name}, whatever the chunking`, async () => {
    for (const size of [1, 2, 3, 1000]) assert.deepEqual(await collect(parseCsv(chunks(text, size))), expected);
  });
}

test('formatCsvRow quotes only what needs it; null is an empty field', () => {
  assert.equal(formatCsvRow(['a', 1, null, 'b,c', 'say "hi"', 'two\nlines']), 'a,1,,"b,c","say ""hi""","two\nlines"');
});

test('property: any rows of text survive format -> parse -> unneutralise', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 7 }), async (rows, size) => {
    const text = rows.map(formatCsvRow).join('\n') + '\n';
    const parsed = (await collect(parseCsv(chunks(text, size)))).map((r) => r.map(unneutralise));
    assert.deepEqual(parsed, rows.map((r) => r.map((f) => f.replaceAll('\r', ''))));
  }), { numRuns: 200 });
});

test('parseCsvObjects keys rows by the header (BOM dropped), skips blank lines, and has no prototype', async () => {
  const rows = await collect(parseCsvObjects(chunks('\uFEFFdate,__proto__\n2024-01-01,x\n\n2024-01-02,y\n', 4)));
  assert.deepEqual(rows.map((r) => ({ ...r })), [{ date: '2024-01-01', ['__proto__']: 'x' }, { date: '2024-01-02', ['__proto__']: 'y' }]);
  assert.equal(Object.getPrototypeOf(rows[0]), null);
});
