// `inkling snippet <domain>`: prints the HTML a site pastes into its pages.
import { parseArgs } from 'node:util';
import { currentRelease } from '../../tracker/releases.ts';
import { loadConfig } from '../config.ts';
import { normalizeDomain } from '../sites/domain.ts';
import type { Command } from './command.ts';

/** Lets pages call inkling(...) before the deferred script has run; the script replays the queue. */
const QUEUE_STUB = 'window.inkling=window.inkling||function(){(inkling.q=inkling.q||[]).push(arguments)}';

export const snippetCommand: Command = {
  name: 'snippet',
  summary: 'Print the HTML to paste into a site: the script tag (with SRI) and the no-JavaScript pixel',
  usage: `inkling snippet <domain> [--url http://localhost:8000] [--public-url https://stats.example.com]
  --url         the address where visitors' browsers reach this Inkling server (may have a path prefix)
  --public-url  the server's --public-url (default INKLING_PUBLIC_URL), used when --url is not given`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { url: { type: 'string' }, 'public-url': { type: 'string' } }, allowPositionals: true });
    const domain = positionals.length === 1 ? normalizeDomain(positionals[0]!) : null;
    const { publicUrl } = loadConfig(values['public-url'] === undefined ? [] : ['--public-url', values['public-url']], io.env);
    const base = baseUrl(values.url ?? publicUrl ?? 'http://localhost:8000');
    if (domain === null || base === null) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    const { integrity, version } = currentRelease();
    const d = escapeHtml(domain);
    io.out(`<script>${QUEUE_STUB}</script>`);
    io.out(`<script defer data-domain="${d}" src="${escapeHtml(`${base}/js/script.v${version}.js`)}" integrity="${integrity}" crossorigin="anonymous"></script>`);
    // The pixel cannot read the page URL, so it lets the browser send it as the Referer (the
    // default policy would cut a cross-origin Referer down to the origin).
    io.out(`<noscript><img src="${escapeHtml(`${base}/pixel.gif?d=${encodeURIComponent(domain)}`)}" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade"></noscript>`);
    return 0;
  },
};

/** The server's public address without a trailing slash (a path prefix behind a proxy is kept). */
function baseUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
