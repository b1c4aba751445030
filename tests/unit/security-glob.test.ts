// Finding 1: path globs (a site's excluded paths) match in linear time, and mean what they meant
// as regular expressions: `*` any run of characters, everything else literal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from '../../src/lib/glob.ts';
import { compileRules } from '../../src/sites/rules.ts';

const HOSTILE = '/*a*a*a*a*a*a*a*a*a*a*a*a*b';

test('finding 1: an excluded-path glob matches a 4,000-character path in linear time', () => {
  const rules = compileRules({ allowedHostnames: [], excludedIps: [], excludedPaths: [HOSTILE] });
  const path = `/${'a'.repeat(4000)}`;
  const started = performance.now();
  assert.equal(rules.excludesPath!(path), false);
  assert.equal(rules.excludesPath!(`${path}b`), true);
  assert.ok(performance.now() - started < 50, `took ${performance.now() - started} ms`);
});

const cases: Array<[pattern: string, text: string, matches: boolean]> = [
  ['/admin/*', '/admin/users', true],
  ['/admin/*', '/admin/', true],
  ['/admin/*', '/admin', false],
  ['/admin/*', '/administrator', false],
  ['/admin/*', '/x/admin/users', false],
  ['*', '', true],
  ['*', '/anything/at/all', true],
  ['**', '/x', true],
  ['/a*b*c', '/abc', true],
  ['/a*b*c', '/a-b-c', true],
  ['/a*b*c', '/a-c-b', false],
  ['/a*b*c', '/a-b-c-d', false],
  ['/a*b*c', '/abcbc', true],
  ['/a*a', '/a', false],
  ['/a*a', '/aa', true],
  ['*.html', '/index.html', true],
  ['*.html', '/indexxhtml', false],
  ['/a.b', '/a.b', true],
  ['/a.b', '/aXb', false],
  ['/what?', '/what?', true],
  ['/what?', '/wha', false],
  ['/(group)', '/(group)', true],
  ['/(group)', '/group', false],
  ['/[x]+$^|\\{1}', '/[x]+$^|\\{1}', true],
  ['/x/*/edit', '/x/1/2/edit', true],
  ['/x/*/edit', '/x/1/edit/more', false],
  ['/exact', '/exact', true],
  ['/exact', '/exact/', false],
  ['/*/*/', '//', false],
  ['/*/*/', '///', true],
];
for (const [pattern, text, expected] of cases) {
  test(`finding 1: glob ${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
    assert.equal(compileGlob(pattern)(text), expected);
    // The regular expression these globs used to be compiled to agrees.
    const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    assert.equal(regex.test(text), expected);
  });
}
