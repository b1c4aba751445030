// Users and their team roles over HTTP; the owner manages them. The last owner can be neither
// demoted nor deleted, so the server always has someone who can.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { guard } from '../auth/guard.ts';
import { canManageUsers } from '../auth/policy.ts';
import type { AuthContext } from '../auth/principal.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { deleteUser, findUserByEmail, findUserById, insertUser, isRole, lastOwnerProblem, listUsers, normalizeEmail, setUserRole } from '../store/users.ts';
import { bad, bodyOf } from './body.ts';

function idParam(request: FastifyRequest): string {
  return String((request.params as { id?: unknown }).id ?? '').slice(0, 100);
}

export function registerUserRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const ownerOnly = guard(ctx, canManageUsers);

  app.get('/api/users', { preHandler: ownerOnly }, async () => listUsers(ctx.db));

  app.post('/api/users', { preHandler: ownerOnly }, async (request, reply) => {
    const body = bodyOf(request);
    const email = normalizeEmail(body.email);
    if (email === null) throw bad('email: expected an email address');
    if (!isRole(body.role)) throw bad('role: expected owner, admin or viewer');
    const problem = passwordProblem(body.password);
    if (problem) throw bad(problem);
    if (await findUserByEmail(ctx.db, email)) throw new ApiError('conflict', `A user ${email} already exists.`);
    const user = await insertUser(ctx.db, { email, role: body.role, passwordHash: await hashPassword(body.password as string), now: ctx.clock.now() });
    return reply.code(201).send(user);
  });

  app.patch('/api/users/:id', { preHandler: ownerOnly }, async (request) => {
    const user = await findUserById(ctx.db, idParam(request));
    if (!user) throw new ApiError('not_found', 'No such user.');
    const role = bodyOf(request).role;
    if (!isRole(role)) throw bad('role: expected owner, admin or viewer');
    const problem = await lastOwnerProblem(ctx.db, user, role);
    if (problem) throw new ApiError('conflict', problem);
    // A demotion to viewer revokes the API keys the user made (store/users.ts).
    await setUserRole(ctx.db, user.id, role);
    return { ...(await listUsers(ctx.db)).find((u) => u.id === user.id) };
  });

  app.delete('/api/users/:id', { preHandler: ownerOnly }, async (request) => {
    const user = await findUserById(ctx.db, idParam(request));
    if (!user) throw new ApiError('not_found', 'No such user.');
    const problem = await lastOwnerProblem(ctx.db, user, null);
    if (problem) throw new ApiError('conflict', problem);
    return { id: user.id, revokedKeys: await deleteUser(ctx.db, user.id) };
  });
}
