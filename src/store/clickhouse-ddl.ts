// The events table in ClickHouse: the columns of event-columns.ts, ordered for the queries the
// builder writes (one site, a day range, grouped by visitor and time).
import { EVENT_COLUMNS } from '../event-columns.ts';

export interface ClickHouseDdlOptions {
  /** Keep events this many days (a TTL); null keeps them forever. */
  retentionDays: number | null;
  /** A cluster name from the server's remote_servers: Distributed over ReplicatedMergeTree. */
  cluster: string | null;
  /** The database that holds the tables. */
  database: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Names end up in DDL text, so only plain identifiers are accepted. */
export function checkIdentifier(value: string, what: string): string {
  if (!IDENTIFIER.test(value)) throw new Error(`${what} "${value.slice(0, 80)}" must be a plain identifier (letters, digits, _)`);
  return value;
}

/** The statements, in order, that create the events table (and for a cluster its local tables). */
export function eventsDdl(o: ClickHouseDdlOptions): string[] {
  const db = checkIdentifier(o.database, 'database');
  const columns = EVENT_COLUMNS.map((c) => `  ${c.name} ${c.clickhouse}`).join(',\n');
  // Monthly partitions: a retention TTL drops whole old parts; queries prune by month.
  const storage = [
    'PARTITION BY toYYYYMM(ts)',
    'ORDER BY (site, toDate(ts), visitor_id, ts)',
    ...(o.retentionDays === null ? [] : [`TTL toDateTime(ts) + INTERVAL ${Math.trunc(o.retentionDays)} DAY DELETE`]),
  ].join('\n');
  if (o.cluster === null) {
    return [`CREATE DATABASE IF NOT EXISTS ${db}`, `CREATE TABLE IF NOT EXISTS ${db}.events\n(\n${columns}\n)\nENGINE = MergeTree\n${storage}`];
  }
  const cluster = checkIdentifier(o.cluster, 'cluster');
  // {shard} and {replica} are macros each server defines in its config; a visit lives on one
  // shard (sharded by session), so its events are stored together.
  return [
    `CREATE DATABASE IF NOT EXISTS ${db} ON CLUSTER ${cluster}`,
    `CREATE TABLE IF NOT EXISTS ${db}.events_local ON CLUSTER ${cluster}\n(\n${columns}\n)\nENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/${db}/events_local', '{replica}')\n${storage}`,
    `CREATE TABLE IF NOT EXISTS ${db}.events ON CLUSTER ${cluster} AS ${db}.events_local\nENGINE = Distributed(${cluster}, ${db}, events_local, cityHash64(session_id))`,
  ];
}
