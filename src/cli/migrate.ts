// `inkling migrate --to clickhouse`: moves the DuckDB store's events into ClickHouse, with progress.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE } from '../store/app-db.ts';
import { configArgs, configFlags, loadConfig } from '../config.ts';
import { migrateToClickHouse } from '../maintenance/migrate-clickhouse.ts';
import { stderrProgress } from '../lib/progress.ts';
import { eventsDdl } from '../store/clickhouse-ddl.ts';
import { connectClickHouseHttp, ensureClickHouseDatabase } from '../store/clickhouse-http.ts';
import { openDuckDb } from '../store/duckdb.ts';
import type { Command } from './command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Move the events of the DuckDB store into ClickHouse (stop the server first)',
  usage: `inkling migrate --to clickhouse --clickhouse-url http://host:8123 [--clickhouse-database inkling] [--data ./data] [--batch-rows 50000]
Copies every event in id order, showing progress; sites, users, keys and salts stay where they are.
Stop the server first (DuckDB has one writer), then start it with --store clickhouse.
An interrupted run can be repeated: events ClickHouse already has are skipped.
For a cluster, create the tables first: inkling clickhouse ddl --cluster NAME | clickhouse-client --multiquery`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { ...configFlags, to: { type: 'string' }, 'batch-rows': { type: 'string' } }, strict: true });
    const batch = values['batch-rows'] === undefined ? 50_000 : Number(values['batch-rows']);
    if (values.to !== 'clickhouse' || !Number.isInteger(batch) || batch < 1 || batch > 1_000_000) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    const config = loadConfig([...configArgs(values), '--store', 'clickhouse'], io.env);
    const db = await openDuckDb(path.join(config.dataDir, DB_FILE));
    await ensureClickHouseDatabase(config.clickhouseUrl!, config.clickhouseDatabase);
    const conn = connectClickHouseHttp({ url: config.clickhouseUrl!, database: config.clickhouseDatabase });
    try {
      const [, createTable] = eventsDdl({ cluster: null, database: config.clickhouseDatabase, retentionDays: null });
      await conn.command(createTable!);
      const result = await migrateToClickHouse({ db, conn, batchSize: batch, progress: (total) => stderrProgress('migrate', 'events', total, io.err) });
      io.out(`Moved ${result.inserted} events to ClickHouse${result.skipped ? ` (${result.skipped} were there already)` : ''}. Start the server with --store clickhouse --clickhouse-url ...`);
      return 0;
    } finally {
      await conn.close();
      await db.close();
    }
  },
};
