// The public contracts in a real browser: the original toy's pixel snippet (with and without
// JavaScript) and the HTML `inkling snippet` prints (SRI-pinned script, queue stub, <noscript> pixel).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetCommand } from '../../src/cli/snippet.ts';
import { World, chromiumSkip } from './browser-helper.ts';

async function snippetHtml(inklingUrl: string): Promise<string> {
  const lines: string[] = [];
  const code = await snippetCommand.run(['site.test', '--url', inklingUrl], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} });
  assert.equal(code, 0, lines.join('\n'));
  return lines.join('\n');
}

function page(title: string, head: string, body = ''): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

describe('original and generated snippets', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(async () => {
    await world.start();
    const snippet = await snippetHtml(world.inkling.url);
    const call = `<script>inkling('Snippet loaded', { props: { via: 'queue' } });</script>`;
    world.addPage('snippet', page('Generated snippet', snippet + '\n' + call));
    // The same tag with a wrong hash: the browser must refuse the script.
    const tampered = snippet.replace(/integrity="sha384-[^"]+"/, `integrity="sha384-${'A'.repeat(64)}"`);
    world.addPage('tampered', page('Tampered snippet', tampered));
  });
  after(() => world.close());

  test('the toy snippet: a pixel pageview with path, title, referrer and resolution', async () => {
    const tab = await world.page();
    await tab.goto(world.url('/original/welcome'), { referer: 'https://news.example.com/item?id=1' });
    const [row, ...rest] = await world.waitForEvents('/original/welcome', 1);
    assert.equal(rest.length, 0);
    assert.equal(row!.name, 'pageview');
    assert.equal(row!.site, 'site.test'); // no `d`: the site comes from the Referer header
    assert.equal(row!.title, 'Original snippet');
    assert.match(String(row!.referrer), /^(https:\/\/)?news\.example\.com\/item/); // stored as the server normalises it
    assert.equal(row!.screen_width, 1280);
    assert.equal(row!.screen_height, 800);
    await tab.context().close();
  });

  test('the toy snippet without JavaScript: the <noscript> pixel records /noscript', async () => {
    const tab = await world.page({ javaScript: false });
    await tab.goto(world.url('/original/no-js'));
    const [row, ...rest] = await world.waitForEvents('/noscript', 1);
    assert.equal(rest.length, 0);
    assert.equal(row!.site, 'site.test');
    assert.deepEqual(await world.events('/original/no-js'), []);
    await tab.context().close();
  });

  test('the generated snippet: the SRI-pinned versioned script loads and counts, and the queue stub works', async () => {
    const tab = await world.page();
    const scripts: string[] = [];
    tab.on('response', (r) => r.url().includes('/js/') && scripts.push(`${r.status()} ${new URL(r.url()).pathname}`));
    await tab.goto(world.url('/snippet/pricing'));
    await world.settled(tab);
    assert.match(scripts.join(), /^200 \/js\/script\.v\d+\.js$/);
    const rows = await world.waitForEvents('/snippet/pricing', 2);
    assert.deepEqual(rows.map((r) => [r.name, r.props]).sort(), [['Snippet loaded', { via: 'queue' }], ['pageview', null]]);
    await tab.context().close();
  });

  test('the generated snippet with a wrong SRI hash is refused by the browser (so the hash is checked)', async () => {
    const tab = await world.page();
    const errors: string[] = [];
    tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await tab.goto(world.url('/tampered/page'));
    await world.settled(tab);
    assert.match(errors.join('\n'), /integrity/i);
    assert.deepEqual(await world.events('/tampered/page'), []);
    await tab.context().close();
  });

  test('the generated snippet without JavaScript: the <noscript> pixel counts the page from its Referer', async () => {
    const tab = await world.page({ javaScript: false });
    await tab.goto(world.url('/snippet/no-js'));
    const [row, ...rest] = await world.waitForEvents('/snippet/no-js', 1);
    assert.equal(rest.length, 0);
    assert.equal(row!.name, 'pageview');
    assert.equal(row!.site, 'site.test');
    await tab.context().close();
  });
});
