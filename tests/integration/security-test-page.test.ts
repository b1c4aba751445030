// Finding 17 (test page): the page at / runs the original snippet, which sends a pageview; for a
// signed-in user it leaves the snippet out, so opening it counts nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp } from '../helpers/app.ts';
import { addUser, login } from '../helpers/auth.ts';

/** What makes the browser request the pixel: the running script or the noscript image (not the <pre> listing). */
const LIVE_PIXEL = /<script>[\s\S]*\/pixel\.gif[\s\S]*<\/script>|<noscript><img src="\/pixel\.gif/;

test('finding 17: the test page sends no pageview for a signed-in user, and one for anyone else', async () => {
  const t = await makeApp({ sites: ['example.com'] });
  try {
    await addUser(t, 'owner@x.test', 'owner');
    const { cookie } = await login(t, 'owner@x.test');
    const signedIn = await t.app.inject({ url: '/', headers: { cookie } });
    assert.equal(signedIn.statusCode, 200);
    assert.doesNotMatch(signedIn.body, LIVE_PIXEL);
    assert.match(signedIn.body, /You are signed in/);
    assert.match(signedIn.body, /&lt;script&gt;/, 'the snippet is still shown');
    assert.equal(signedIn.headers['cache-control'], 'no-store', 'never cached across sign-in states');

    for (const headers of [{}, { cookie: 'inkling_session=not-a-live-session' }, { cookie, authorization: 'Bearer ink_unknown' }]) {
      const res = await t.app.inject({ url: '/', headers });
      assert.equal(res.statusCode, 200);
      if ('authorization' in headers) assert.doesNotMatch(res.body, LIVE_PIXEL, 'the cookie decides, whatever the Authorization header');
      else assert.match(res.body, LIVE_PIXEL, JSON.stringify(headers));
    }
  } finally {
    await t.close();
  }
});
