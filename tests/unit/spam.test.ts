import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpamList, readSpamFile } from '../../src/ingest/enrich/spam.ts';

const isSpam = createSpamList(['spam.example', '*.wild.example', 'SHOUTY.example']);

const hostCases: Array<[string, boolean]> = [
  ['semalt.com', true],
  ['semalt.semalt.com', true],
  ['www.darodar.com', true],
  ['Buttons-For-Website.com', true],
  ['ilovevitaly.ru', true],
  ['semalt.com.', true],
  ['spam.example', true],
  ['x.spam.example', true],
  ['a.wild.example', true],
  ['wild.example', true],
  ['shouty.example', true],
  ['google.com', false],
  ['notsemalt.com', false],
  ['semalt.com.evil.org', false],
  ['example', false],
  ['', false],
];

for (const [host, expected] of hostCases) {
  test(`spam list: ${JSON.stringify(host)} -> ${expected}`, () => {
    assert.equal(isSpam(host), expected);
  });
}

test('spam list without extras still has the shipped list', () => {
  assert.equal(createSpamList()('priceg.com'), true);
  assert.equal(createSpamList()('spam.example'), false);
});

const fileCases: Array<[string, string[]]> = [
  ['', []],
  ['a.com\nb.com', ['a.com', 'b.com']],
  ['# header\n\n  A.com  \r\nb.com # trailing comment\n#c.com\n', ['a.com', 'b.com']],
  ['*.wild.com\n.dot.com\n', ['wild.com', 'dot.com']],
];

for (const [text, expected] of fileCases) {
  test(`readSpamFile(${JSON.stringify(text)})`, () => {
    assert.deepEqual(readSpamFile(text), expected);
  });
}
