// A development server for working on the dashboard's design: a throw-away store with a year
// of generated traffic (and a few live visitors), the real server on 127.0.0.1, and an owner
// account whose password is printed. Usage: npx tsx web/tools/dev-server.ts [--port 8787] [--events 300000]
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { DB_FILE } from '../../src/store/app-db.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startInkling } from '../../src/server.ts';
import { generateEvents, seedEvents, seedSite } from '../../tests/helpers/seed.ts';
import { tmpDir } from '../../tests/helpers/tmp.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, events: { type: 'string', default: '300000' } } });
const log = createLogger();
const dataDir = tmpDir('inkling-dev-');
const db = await openDuckDb(path.join(dataDir, DB_FILE));
const now = Date.now();
await seedSite(db, 'demo.example', 'Europe/Berlin');
await seedSite(db, 'empty.example', 'UTC');
await seedSite(db, 'blog.example', 'UTC');
await seedEvents(db, generateEvents({ sites: ['demo.example', 'demo.example', 'blog.example'], start: now - 400 * 86_400_000, end: now - 60_000, count: Number(values.events), seed: 7 }));
await seedEvents(db, generateEvents({ sites: ['demo.example'], start: now - 25 * 60_000, end: now, count: 400, seed: 9, firstId: 10_000_000_000n }));
await db.close();

const inkling = await startInkling(loadConfig(['--data', dataDir, '--port', values.port!, '--host', '127.0.0.1'], {}), { log });
const password = randomBytes(12).toString('base64url');
await inkling.admin['user.add']!({ email: 'dev@localhost.test', role: 'owner', password });
log.info('dev server', { url: `${inkling.url}/demo.example`, email: 'dev@localhost.test', password });
