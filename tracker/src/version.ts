// The tracker's version: /js/script.v<N>.js serves build N with a pinned SRI hash, so any change
// to the built script must bump this (pages pinned to an old hash would otherwise stop loading it).
export const TRACKER_VERSION = 1;
