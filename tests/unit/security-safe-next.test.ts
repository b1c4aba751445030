// Where the login page sends a browser after sign-in (?next=): only ever a path on this origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from '../../web/src/lib/safe-next.ts';

const ORIGIN = 'http://localhost:8000';

test('finding 7: ?next= with tabs, newlines, backslashes or another origin falls back to /sites', () => {
  const hostile = [
    '/\t/evil.test', '/\n/evil.test', '/\r/evil.test', '/\t\t/evil.test', '\t//evil.test',
    '//evil.test', '//evil.test/sites', '/\\evil.test', '\\/evil.test', '/\\/evil.test',
    'https://evil.test', 'javascript:alert(1)', 'evil.test', '', '/\u0000/evil.test', '/\u007f/evil.test',
  ];
  for (const raw of hostile) assert.equal(safeNext(raw, ORIGIN), '/sites', JSON.stringify(raw));
  assert.equal(safeNext(null, ORIGIN), '/sites');
  // What the review sent: the decoded value of ?next=%2F%09%2Fevil.test.
  assert.equal(safeNext(new URLSearchParams('next=%2F%09%2Fevil.test').get('next'), ORIGIN), '/sites');
});

test('finding 7: paths on this site come back normalised, query and hash kept', () => {
  assert.equal(safeNext('/sites', ORIGIN), '/sites');
  assert.equal(safeNext('/example.com?period=7d&f=is,page,/a', ORIGIN), '/example.com?period=7d&f=is,page,/a');
  assert.equal(safeNext('/a/../account#totp', ORIGIN), '/account#totp');
  assert.equal(safeNext('/caf%C3%A9', ORIGIN), '/caf%C3%A9');
});
