// Admin operations on users for the CLI (`inkling user add|list`), run by the server or on the file.
import { AdminError, type AdminContext, type AdminOps } from './ops.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { findUserByEmail, insertUser, isRole, listUsers, normalizeEmail, type User } from '../store/users.ts';

export function userOps(ctx: AdminContext): AdminOps {
  return {
    'user.add': async (args) => addUser(ctx, args),
    'user.list': async () => listUsers(ctx.db),
  };
}

async function addUser(ctx: AdminContext, args: Record<string, unknown>): Promise<User> {
  const email = normalizeEmail(args.email);
  if (email === null) throw new AdminError(`"${String(args.email ?? '').slice(0, 100)}" is not an email address`);
  const role = args.role ?? 'viewer';
  if (!isRole(role)) throw new AdminError('--role must be owner, admin or viewer');
  const problem = passwordProblem(args.password);
  if (problem) throw new AdminError(problem);
  if (await findUserByEmail(ctx.db, email)) throw new AdminError(`a user ${email} already exists`);
  return insertUser(ctx.db, { email, role, passwordHash: await hashPassword(args.password as string), now: Date.now() });
}
