// What exports, imports and the audit need of an admin session: one call per operation. Declared
// here, so this code is handed a session (admin/admin-session.ts) and never imports admin/.

export interface OpCaller {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
}
