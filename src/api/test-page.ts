// GET /: a page carrying the original snippet, pointed at this server, as the toy had.
// The pixel URL is relative, so no request header ever reaches the HTML.

/** The snippet, run: one pageview. Left out for a signed-in user, whose own visits are not traffic. */
const LIVE_SNIPPET = `<script>
  (function () {
    var img = new Image(1, 1);
    img.src = '/pixel.gif?path=' + encodeURIComponent(location.pathname) +
      '&title=' + encodeURIComponent(document.title) +
      '&referrer=' + encodeURIComponent(document.referrer) +
      '&resolution=' + screen.width + ',' + screen.height;
  })();
</script>
<noscript><img src="/pixel.gif?path=/noscript" alt=""></noscript>
`;

export function testPageHtml(opts: { signedIn: boolean }): string {
  const sent = opts.signedIn
    ? 'You are signed in, so loading this page sent nothing: your own visits are not counted. Sign out (or use a private window) to send a pageview through the original snippet below.'
    : 'Loading this page sent one pageview through the original snippet below.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Inkling test page</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<h1>Inkling test page</h1>
<p>${sent} Add a site first
(<code>npx inkling site add example.com</code>); with exactly one site, hits without a domain go to it.</p>
<pre>${escapeHtml(LIVE_SNIPPET.trim())}</pre>
${opts.signedIn ? '' : LIVE_SNIPPET}</body>
</html>
`;
}

/** The snippet shown as text: the same bytes that run, so the two cannot drift apart. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
