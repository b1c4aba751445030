// Shown while a site has never received an event: the snippet to paste, and a quiet poll that
// switches to the dashboard as soon as the first pageview arrives.
import { useState } from 'preact/hooks';
import { Icon } from './icons.tsx';

export function snippetFor(domain: string, origin: string): string {
  return [
    `<script defer data-domain="${domain}" src="${origin}/js/script.js"></script>`,
    `<noscript><img src="${origin}/pixel.gif?d=${encodeURIComponent(domain)}" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade"></noscript>`,
  ].join('\n');
}

export function InstallGuide({ domain }: { domain: string }) {
  const snippet = snippetFor(domain, location.origin);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (plain http on another host): the text stays selectable.
    }
  };
  return (
    <section class="card install" aria-labelledby="install-title" data-testid="install-guide">
      <div class="install-status">
        <span class="live-dot" aria-hidden="true" />
        <span>Waiting for the first pageview on {domain}…</span>
      </div>
      <h2 id="install-title">Add Inkling to your site</h2>
      <p class="install-lead">
        Paste this into the <code>&lt;head&gt;</code> of every page of <strong>{domain}</strong>. The <code>&lt;noscript&gt;</code> pixel counts visitors
        who browse without JavaScript. No cookies, no consent banner needed.
      </p>
      <div class="snippet">
        <div class="snippet-bar">
          <span>HTML</span>
          <button type="button" class="btn btn-sm" onClick={copy}>
            <Icon name={copied ? 'check' : 'copy'} />
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <pre data-testid="snippet">{snippet}</pre>
      </div>
      <ol class="install-steps">
        <li>
          <strong>Deploy</strong> the change to your site.
        </li>
        <li>
          <strong>Visit</strong> a page of {domain}: this page switches to the dashboard by itself when the first pageview arrives.
        </li>
        <li>
          <strong>Pin the version</strong> (optional): <code>npx inkling snippet {domain} --url {location.origin}</code> prints the same tag with
          Subresource Integrity.
        </li>
      </ol>
    </section>
  );
}
