// `inkling audit` after realistic traffic (with a backup and an export in the data dir) is clean,
// while the server runs and after it stops; a planted IP or user agent is found, in a file or a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { auditCommand } from '../../src/cli/audit.ts';
import { backupCommand } from '../../src/cli/backup.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { startServer } from '../helpers/server.ts';
import { request, pool } from '../helpers/http.ts';
import { runCommand } from '../helpers/cli.ts';
import { USER_AGENTS, eventBody, ipFor, pick, pixelQuery } from '../helpers/traffic.ts';
import { removeDir } from '../helpers/tmp.ts';

test('audit: clean after realistic traffic, a planted canary is flagged', { timeout: 120_000 }, async () => {
  const server = await startServer({ sites: ['example.com'], args: ['--trust-proxy', '127.0.0.1', '--flush-interval-ms', '1000'] });
  const { dataDir } = server;
  try {
    await pool(400, 8, (i) => {
      const headers: Record<string, string> = { 'x-forwarded-for': i % 7 === 0 ? `2001:db8::${i.toString(16)}` : ipFor(i), 'user-agent': pick(USER_AGENTS, i), 'content-type': 'text/plain', cookie: `sid=${i}` };
      return i % 2 === 0
        ? request(`${server.url}/pixel.gif?${pixelQuery(i)}`, { headers })
        : request(`${server.url}/api/event`, { method: 'POST', headers, body: eventBody(i, 'example.com') });
    });
    fs.mkdirSync(path.join(dataDir, 'exports'));
    assert.equal((await runCommand(backupCommand, [path.join(dataDir, 'backup.duckdb'), '--data', dataDir])).code, 0);
    assert.equal((await runCommand(exportCommand, ['example.com', '--out', path.join(dataDir, 'exports', 'e.csv'), '--data', dataDir])).code, 0);
    assert.equal((await runCommand(exportCommand, ['example.com', '--format', 'jsonl', '--out', path.join(dataDir, 'exports', 'e.jsonl'), '--data', dataDir])).code, 0);

    const running = await runCommand(auditCommand, ['--data', dataDir]);
    assert.equal(running.code, 0, `${running.out}\n${running.err}`);
    assert.match(running.out, /^Clean: no IP address, user agent or e-mail address in \d+ files \([\d.]+ MB\) and 2 databases\.$/);
    assert.equal(await server.stop(), 0);
    const stopped = await runCommand(auditCommand, ['--data', dataDir]);
    assert.equal(stopped.code, 0, `${stopped.out}\n${stopped.err}`);

    fs.mkdirSync(path.join(dataDir, 'logs'));
    fs.writeFileSync(path.join(dataDir, 'logs', 'inkling.log'), `{"msg":"request","from":"203.0.113.77"}\n`);
    const planted = await runCommand(auditCommand, ['--data', dataDir]);
    assert.equal(planted.code, 1);
    assert.match(planted.out, /^ipv4\t203\.0\.x\.x\t.*logs\/inkling\.log @25$/m);
    assert.doesNotMatch(planted.out, /203\.0\.113\.77/, 'the audit does not print what it found');
    fs.rmSync(path.join(dataDir, 'logs'), { recursive: true });

    const db = await openDuckDb(path.join(dataDir, 'inkling.duckdb'));
    await db.run(`UPDATE events SET title = ? WHERE id = (SELECT min(id) FROM events)`, [USER_AGENTS[2]!]);
    await db.close();
    const inTable = await runCommand(auditCommand, ['--data', dataDir]);
    assert.equal(inTable.code, 1);
    assert.match(inTable.out, /^user-agent\tMozilla\/5\.0 \(X…\t.*inkling\.duckdb: events\.title$/m);
  } finally {
    await server.kill();
    removeDir(dataDir);
  }
});
