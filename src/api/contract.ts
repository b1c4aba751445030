// The answer types the dashboard (web/src) shares with the server: the only server module it may
// import, type-only, so the bundle holds nothing of the server and the server's folders can move.
export type { Role, User } from '../store/users.ts';
export type { ShareInfo } from '../store/shares.ts';
export type { Label, ResultRow, QueryResult } from '../query/present.ts';
export type { FunnelStep, FunnelResult } from '../query/funnel.ts';
