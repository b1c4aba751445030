// A Vite plugin: <link rel="modulepreload"> in index.html for chunks the first render needs but
// imports lazily (the chart, the map). They then download alongside the entry, instead of
// waiting for it to run and, worse, queueing behind the first API calls for one of the
// browser's six connections to the host.
import type { Plugin } from 'vite';

export function preloadChunks(names: string[]): Plugin {
  return {
    name: 'inkling-preload-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk' && names.some((n) => c.facadeModuleId?.endsWith(n)));
        return chunks.map((c) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/static/${c.fileName}` }, injectTo: 'head' as const }));
      },
    },
  };
}
