// GET /: a page carrying the original snippet, pointed at this server, as the toy had.
// The pixel URL is relative, so no request header ever reaches the HTML.

export function testPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Inkling test page</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<h1>Inkling test page</h1>
<p>Loading this page sent one pageview through the original snippet below. Add a site first
(<code>npx inkling site add example.com</code>); with exactly one site, hits without a domain go to it.</p>
<pre>&lt;script&gt;
  (function () {
    var img = new Image(1, 1);
    img.src = '/pixel.gif?path=' + encodeURIComponent(location.pathname) +
      '&amp;title=' + encodeURIComponent(document.title) +
      '&amp;referrer=' + encodeURIComponent(document.referrer) +
      '&amp;resolution=' + screen.width + ',' + screen.height;
  })();
&lt;/script&gt;
&lt;noscript&gt;&lt;img src="/pixel.gif?path=/noscript" alt=""&gt;&lt;/noscript&gt;</pre>
<script>
  (function () {
    var img = new Image(1, 1);
    img.src = '/pixel.gif?path=' + encodeURIComponent(location.pathname) +
      '&title=' + encodeURIComponent(document.title) +
      '&referrer=' + encodeURIComponent(document.referrer) +
      '&resolution=' + screen.width + ',' + screen.height;
  })();
</script>
<noscript><img src="/pixel.gif?path=/noscript" alt=""></noscript>
</body>
</html>
`;
}
