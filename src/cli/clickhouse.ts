// `inkling clickhouse ddl`: prints the ClickHouse DDL of the events table, for one server or a cluster.
import { parseArgs } from 'node:util';
import { eventsDdl } from '../store/clickhouse-ddl.ts';
import type { Command } from './command.ts';

const DEFAULT_CLICKHOUSE_DATABASE = 'inkling';

export const clickhouseCommand: Command = {
  name: 'clickhouse',
  summary: 'Print the ClickHouse DDL of the events table (one server, or a cluster with --cluster)',
  usage: `inkling clickhouse ddl [--cluster NAME] [--database inkling] [--retention-days N]
  --cluster          a cluster of the servers' remote_servers: Distributed over ReplicatedMergeTree
                     (each server defines the {shard} and {replica} macros)
  --database         the database of the tables (default inkling)
  --retention-days   drop events older than N days (a TTL); default: keep them forever
A server started with --store clickhouse creates the one-server table itself when it is missing;
run this DDL first (clickhouse-client --multiquery < ddl.sql) for a cluster.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { cluster: { type: 'string' }, database: { type: 'string' }, 'retention-days': { type: 'string' } },
      allowPositionals: true,
    });
    const days = values['retention-days'];
    if (positionals.length !== 1 || positionals[0] !== 'ddl' || (days !== undefined && !/^[1-9]\d{0,4}$/.test(days))) {
      io.err(`Usage:\n${this.usage}`);
      return 2;
    }
    let statements: string[];
    try {
      statements = eventsDdl({
        cluster: values.cluster ?? null,
        database: values.database ?? DEFAULT_CLICKHOUSE_DATABASE,
        retentionDays: days === undefined ? null : Number(days),
      });
    } catch (error) {
      io.err(`inkling clickhouse: ${(error as Error).message}`);
      return 2;
    }
    io.out(statements.map((s) => `${s};`).join('\n\n'));
    return 0;
  },
};
