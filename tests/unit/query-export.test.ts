// Export building blocks: CSV cells (formula injection neutralised) and the zip writer, read
// back here with nothing but zlib.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateRawSync } from 'node:zlib';
import { neutralise, toCsv } from '../../src/lib/csv.ts';
import { zip } from '../../src/api/stats-zip.ts';
import { readZip } from '../../src/transfer/zip.ts';
import { escapeHtml } from '../../src/api/analytics-page.ts';

test('cells that a spreadsheet would evaluate get an apostrophe', () => {
  for (const bad of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) assert.equal(neutralise(bad), `'${bad}`);
  for (const fine of ['/blog', 'Google', '', 'a=b']) assert.equal(neutralise(fine), fine);
});

test('CSV quoting, NULLs and numbers', () => {
  const csv = toCsv(['name', 'visitors'], [['a,b', 1], ['say "hi"', 2.5], [null, 0], ['=HYPERLINK("x")', 3], ['line\nbreak', -1]]);
  assert.equal(csv, 'name,visitors\r\n"a,b",1\r\n"say ""hi""",2.5\r\n,0\r\n"\'=HYPERLINK(""x"")",3\r\n"line\nbreak",-1\r\n');
});

function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(at), 0x02014b50);
    const [packed, size, nameLength, offset] = [archive.readUInt32LE(at + 20), archive.readUInt32LE(at + 24), archive.readUInt16LE(at + 28), archive.readUInt32LE(at + 42)];
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString();
    const localName = archive.readUInt16LE(offset + 26);
    const data = inflateRawSync(archive.subarray(offset + 30 + localName, offset + 30 + localName + packed));
    assert.equal(data.length, size);
    assert.equal(crc32(data), archive.readUInt32LE(at + 16));
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

test('the zip holds every file intact', () => {
  const files = [{ name: 'a.csv', data: Buffer.from('x,y\r\n1,2\r\n') }, { name: 'ünïcode.csv', data: Buffer.from('é'.repeat(10_000)) }, { name: 'empty.csv', data: Buffer.alloc(0) }];
  const back = unzip(zip(files));
  assert.deepEqual([...back.keys()], files.map((f) => f.name));
  for (const f of files) assert.deepEqual(back.get(f.name), f.data);
});

test('the import reads the export zip back, inflating an entry only when asked', () => {
  const files = [{ name: 'dir/a.csv', data: Buffer.from('x,y\r\n'.repeat(1000)) }, { name: 'b.csv', data: Buffer.alloc(0) }];
  const entries = readZip(zip(files));
  assert.deepEqual(entries.map((e) => e.name), ['dir/a.csv', 'b.csv']);
  for (const [i, entry] of entries.entries()) assert.deepEqual(entry.read(), files[i]!.data);
  assert.throws(() => readZip(Buffer.from('not a zip at all, just some text that is long enough')));
});

test('the zip is the same bytes on every call (fixed timestamps)', () => {
  const files = [{ name: 'a.csv', data: Buffer.from('x\r\n1\r\n') }];
  assert.deepEqual(zip(files), zip(files));
  // DOS date 2020-01-01 00:00 in the local header, whatever the server's time zone.
  assert.equal(zip(files).readUInt32LE(10), ((2020 - 1980) << 25) | (1 << 21) | (1 << 16));
});

test('HTML escaping', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});
