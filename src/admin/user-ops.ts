// Admin operations on users for the CLI (`inkling user add|list|role|remove`), run by the server
// or on the file. Removing or demoting a user revokes the API keys they made (store/users.ts).
import { AdminError } from '../lib/admin-error.ts';
import type { AdminContext, AdminOps } from './ops.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { deleteUser, findUserByEmail, insertUser, isRole, lastOwnerProblem, listUsers, normalizeEmail, publicUser, setUserRole, type User, type UserSecrets } from '../store/users.ts';

export function userOps(ctx: AdminContext): AdminOps {
  return {
    'user.add': async (args) => addUser(ctx, args),
    'user.list': async () => listUsers(ctx.db),
    'user.role': async (args) => changeRole(ctx, args),
    'user.remove': async (args) => removeUser(ctx, args),
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

async function existingUser(ctx: AdminContext, rawEmail: unknown): Promise<UserSecrets> {
  const email = normalizeEmail(rawEmail);
  const user = email === null ? null : await findUserByEmail(ctx.db, email);
  if (!user) throw new AdminError(`no user "${String(rawEmail ?? '').slice(0, 100)}" (see: npx inkling user list)`);
  return user;
}

async function changeRole(ctx: AdminContext, args: Record<string, unknown>): Promise<{ user: User; revokedKeys: number }> {
  const user = await existingUser(ctx, args.email);
  if (!isRole(args.role)) throw new AdminError('the role must be owner, admin or viewer');
  const problem = await lastOwnerProblem(ctx.db, user, args.role);
  if (problem) throw new AdminError(problem);
  const revokedKeys = await setUserRole(ctx.db, user.id, args.role);
  return { user: { ...publicUser(user), role: args.role }, revokedKeys };
}

async function removeUser(ctx: AdminContext, args: Record<string, unknown>): Promise<{ user: User; revokedKeys: number }> {
  const user = await existingUser(ctx, args.email);
  const problem = await lastOwnerProblem(ctx.db, user, null);
  if (problem) throw new AdminError(problem);
  return { user: publicUser(user), revokedKeys: await deleteUser(ctx.db, user.id) };
}
