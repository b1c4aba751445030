// Access-log fixtures: nginx "combined" lines and Caddy JSON lines with known page hits, assets, errors and bots.

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

export interface LogFixture {
  text: string;
  /** Page hits a real browser made: what must be imported. */
  pages: number;
  /** Distinct (IP, UA) pairs among them, per UTC day: the visitors. */
  visitorsByDay: Record<string, number>;
}

function combined(ip: string, time: string, request: string, status: number, referer: string, ua: string): string {
  return `${ip} - - [${time}] "${request}" ${status} 1234 "${referer}" "${ua}"`;
}

/** Two days (the first line's "+0200" puts it on 2024-05-01 UTC), three visitors, and the noise around them. */
export function nginxLog(): LogFixture {
  const lines = [
    combined('81.2.69.142', '01/May/2024:23:30:00 +0200', 'GET /?utm_source=newsletter HTTP/1.1', 200, '-', CHROME),
    combined('81.2.69.142', '01/May/2024:23:30:01 +0200', 'GET /assets/app.css HTTP/1.1', 200, 'https://shop.example/', CHROME),
    combined('81.2.69.142', '01/May/2024:23:30:02 +0200', 'GET /favicon.ico HTTP/1.1', 200, '-', CHROME),
    combined('81.2.69.142', '01/May/2024:23:31:00 +0200', 'GET /pricing HTTP/1.1', 200, 'https://shop.example/', CHROME),
    combined('133.242.0.3', '02/May/2024:08:00:00 +0000', 'GET /blog/hello.html HTTP/2.0', 200, 'https://news.ycombinator.com/item?id=1', IPHONE),
    combined('133.242.0.3', '02/May/2024:08:00:05 +0000', 'GET /img/logo.png HTTP/2.0', 200, 'https://shop.example/blog/hello.html', IPHONE),
    combined('133.242.0.3', '02/May/2024:08:01:00 +0000', 'GET /pricing HTTP/2.0', 304, 'https://shop.example/blog/hello.html', IPHONE),
    combined('133.242.0.3', '02/May/2024:08:02:00 +0000', 'POST /api/event HTTP/2.0', 202, 'https://shop.example/pricing', IPHONE),
    combined('2001:db8::1', '02/May/2024:09:00:00 +0000', 'GET /missing HTTP/1.1', 404, '-', CHROME),
    combined('2001:db8::1', '02/May/2024:09:00:30 +0000', 'GET /docs HTTP/1.1', 200, 'https://www.google.com/', CHROME),
    combined('66.249.66.1', '02/May/2024:10:00:00 +0000', 'GET /pricing HTTP/1.1', 200, '-', GOOGLEBOT),
    combined('198.51.100.7', '02/May/2024:10:05:00 +0000', 'GET /spam HTTP/1.1', 200, 'http://semalt.com/', CHROME),
    'this line is not a log line',
    combined('198.51.100.8', '02/May/2024:10:06:00 +0000', 'GET /quoted\\x22path HTTP/1.1', 200, '-', 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'),
  ];
  return { text: lines.join('\n') + '\n', pages: 6, visitorsByDay: { '2024-05-01': 1, '2024-05-02': 3 } };
}

/** Caddy's JSON access log: the host names the site. */
export function caddyLog(): LogFixture {
  const entry = (ts: number, ip: string, method: string, uri: string, status: number, ua: string, referer?: string) =>
    JSON.stringify({
      level: 'info', ts, logger: 'http.log.access', msg: 'handled request',
      request: { remote_ip: '10.0.0.2', remote_port: '5555', client_ip: ip, proto: 'HTTP/2.0', method, host: 'www.shop.example:443', uri,
        headers: { 'User-Agent': [ua], ...(referer ? { Referer: [referer] } : {}) } },
      bytes_read: 0, duration: 0.001, size: 100, status,
    });
  const t = Date.UTC(2024, 5, 1, 12) / 1000;
  const lines = [
    entry(t, '81.2.69.142', 'GET', '/', 200, CHROME, 'https://duckduckgo.com/'),
    entry(t + 1, '81.2.69.142', 'GET', '/script.js', 200, CHROME),
    entry(t + 60, '81.2.69.142', 'GET', '/about', 200, CHROME, 'https://shop.example/'),
    entry(t + 120, '133.242.0.3', 'HEAD', '/', 200, IPHONE),
    entry(t + 180, '133.242.0.3', 'GET', '/', 500, IPHONE),
  ];
  return { text: lines.join('\n') + '\n', pages: 2, visitorsByDay: { '2024-06-01': 1 } };
}
