// The tracker's settings, read once from its own <script> tag's data-* attributes.
const script = document.currentScript as HTMLScriptElement;

export const attr = (name: string): string | null => script.getAttribute('data-' + name);

/** A boolean attribute: present (even empty, as in `data-local`) means on. */
export const flag = (name: string): boolean => attr(name) != null;

export const domain = attr('domain') || location.hostname;

/** As Plausible does: the script's own origin receives events unless data-api says otherwise. */
export const endpoint = attr('api') || new URL('/api/event', script.src);

/** Hash routing: `#/a` and `#/b` are different pages, and the server keeps the fragment. */
export const hashMode = flag('hash');
