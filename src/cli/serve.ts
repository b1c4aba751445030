// `inkling serve`: runs the server until SIGTERM/SIGINT, then drains and exits 0.
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { startInkling } from '../server.ts';
import { lowerBackgroundThreads } from '../lib/background-priority.ts';
import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the Inkling server (what `npm start` does)',
  usage: `inkling serve [--port 8000] [--host 127.0.0.1] [--data ./data] [--trust-proxy CIDR,...]
              [--geoip file.mmdb] [--spam-referrers file] [--metrics-public true] [--metrics-port 9100]
              [--public-url https://stats.example.com]
              [--script-path /path.js] [--event-path /path] [--flush-interval-ms 1000]
              [--batch-size 15000] [--spool-max-mb 1024] [--body-limit 65536] [--rate-limit 100/10s|off]
              [--frame-ancestors "'none'"|"https://blog.example.com ..."]
Each flag has an environment variable: PORT, HOST, INKLING_DATA_DIR, INKLING_TRUST_PROXY, ...`,
  async run(argv, io) {
    const config = loadConfig(argv, io.env);
    const log = createLogger((line) => io.out(line));
    const inkling = await startInkling(config, { log });
    // Only now do all of the store's threads exist.
    lowerBackgroundThreads();
    const shown = inkling.url.replace('://127.0.0.1:', '://localhost:');
    log.info(`Inkling listening on ${shown}`, { url: inkling.url, dataDir: config.dataDir });
    if (inkling.metricsUrl !== null) log.info(`Metrics on ${inkling.metricsUrl}/metrics only`, { metricsUrl: inkling.metricsUrl });
    // The token sits in the fragment: browsers never send it to a server or in a Referer.
    if (inkling.setupToken !== null) log.info(`No account yet: create the owner at ${shown}/setup#token=${inkling.setupToken} (the link works once)`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    log.info('shutting down: storing accepted events');
    await inkling.close();
    log.info('stopped');
    return 0;
  },
};
