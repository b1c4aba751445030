import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { snippetCommand } from '../../src/cli/snippet.ts';
import { currentRelease } from '../../tracker/releases.ts';
import { TRACKER_VERSION } from '../../tracker/src/version.ts';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await snippetCommand.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('snippet: script tag pinned to the versioned build with its SRI hash, plus the pixel', async () => {
  const { code, out } = await run(['Example.com', '--url', 'https://stats.example.org/']);
  assert.equal(code, 0);
  const { code: script, integrity } = currentRelease();
  assert.equal(integrity, 'sha384-' + createHash('sha384').update(script).digest('base64'));
  assert.ok(out.includes('<script>window.inkling=window.inkling||function(){(inkling.q=inkling.q||[]).push(arguments)}</script>'));
  assert.ok(
    out.includes(
      `<script defer data-domain="example.com" src="https://stats.example.org/js/script.v${TRACKER_VERSION}.js" integrity="${integrity}" crossorigin="anonymous"></script>`,
    ),
    out,
  );
  assert.match(out, /<noscript><img src="https:\/\/stats\.example\.org\/pixel\.gif\?d=example\.com" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade"><\/noscript>/);
});

test('snippet: defaults to http://localhost:8000 and keeps a path prefix', async () => {
  assert.match((await run(['example.com'])).out, /src="http:\/\/localhost:8000\/js\/script\.v\d+\.js"/);
  assert.match((await run(['example.com', '--url', 'https://example.com/stats/'])).out, /src="https:\/\/example\.com\/stats\/js\/script/);
});

test('snippet: a bad domain or URL is a usage error', async () => {
  for (const argv of [[], ['not a domain'], ['a.com', 'b.com'], ['example.com', '--url', 'ftp://x'], ['example.com', '--url', 'nope']]) {
    const result = await run(argv);
    assert.equal(result.code, 2, argv.join(' '));
    assert.match(result.err, /Usage:/);
  }
});
