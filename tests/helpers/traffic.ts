// Realistic, varied hits (UAs, IPs, paths, referrers) for tests and benchmarks.

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
  'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
];

export const PATHS = ['/', '/pricing', '/blog/hello-world', '/docs/getting-started', '/about', '/blog/deep/nested/post', '/contact', '/signup'];

export const REFERRERS = [
  '',
  'https://www.google.com/',
  'https://news.ycombinator.com/item?id=42',
  'https://duckduckgo.com/',
  'https://t.co/abc',
  'https://chatgpt.com/',
  'https://www.reddit.com/r/selfhosted/',
  'https://some-blog.example.net/post',
];

/** Documentation-range and public-looking IPv4 addresses, spread so visitors differ. */
export function ipFor(i: number): string {
  return `${[8, 81, 103, 151, 177, 200][i % 6]}.${(i * 7) % 250}.${(i * 13) % 250}.${(i % 250) + 1}`;
}

export function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

export function pixelQuery(i: number): string {
  const params = new URLSearchParams({ path: pick(PATHS, i), title: `Page ${i % 20}`, referrer: pick(REFERRERS, i * 3) });
  if (i % 4 !== 0) params.set('resolution', pick(['1920,1080', '390,844', '1440,900', '820,1180'], i));
  return params.toString();
}

export function eventBody(i: number, domain: string): string {
  const custom = i % 5 === 0;
  return JSON.stringify({
    n: custom ? 'Signup' : 'pageview',
    u: `https://${domain}${pick(PATHS, i)}${i % 9 === 0 ? '?utm_source=newsletter&utm_medium=email' : ''}`,
    d: domain,
    r: pick(REFERRERS, i * 5),
    s: pick(['1920x1080', '390x844'], i),
    ...(custom ? { p: { plan: pick(['free', 'pro'], i) }, $: 9.5 } : {}),
  });
}
