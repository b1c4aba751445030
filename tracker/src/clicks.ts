// Turns clicks into events: elements tagged with data-inkling-event, file downloads and outbound links.
import { attr } from './config.ts';
import { track } from './track.ts';

const DOWNLOADS = 'pdf,xlsx,docx,txt,rtf,csv,exe,key,pps,ppt,pptx,7z,pkg,rar,gz,zip,avi,mov,mp4,mpeg,wmv,midi,mp3,wav,wma,dmg,iso,msi';
const TAG = 'data-inkling-event';

/** data-file-types replaces the default list, data-include-file-types adds to it. */
const fileTypes = RegExp(
  '\\.(' + ((attr('file-types') || DOWNLOADS) + ',' + (attr('include-file-types') || '')).match(/\w+/g)!.join('|') + ')$',
  'i',
);

function trackTagged(element: Element): void {
  const props: Record<string, string> = {};
  for (const { name, value } of element.attributes) {
    const key = name.match(/^data-inkling-prop-(.+)/);
    if (key) props[key[1]!] = value;
  }
  track(element.getAttribute(TAG)!, { props });
}

function onClick(event: MouseEvent): void {
  // click is the primary button, auxclick the middle one (open in new tab); 2 is the context menu.
  if (event.button > 1) return;
  const target = event.target as Element;
  const tagged = target.closest('[' + TAG + ']');
  // A tagged form counts its submissions (onSubmit), not every click inside it.
  if (tagged && tagged.tagName != 'FORM') return trackTagged(tagged);
  const link = target.closest('a');
  if (!link) return;
  if (fileTypes.test(link.pathname)) {
    // Without query or fragment: those may carry tokens, and they split one file into many rows.
    track('File Download', { props: { url: link.origin + link.pathname } });
  } else if (link.host && link.host != location.host) {
    // mailto:, tel: and javascript: links have no host.
    track('Outbound Link: Click', { props: { url: link.href } });
  }
}

function onSubmit(event: Event): void {
  const form = event.target as Element;
  if (form.hasAttribute(TAG)) trackTagged(form);
}

export function listenForClicks(): void {
  addEventListener('click', onClick);
  addEventListener('auxclick', onClick);
  addEventListener('submit', onSubmit);
}
