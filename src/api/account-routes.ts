// Every account-side API (auth, sites, users, API keys, share links) in one scope whose answers
// are never cached and never sniffed.
import type { FastifyInstance } from 'fastify';
import type { AdminOps } from '../admin/ops.ts';
import type { LoginContext } from '../auth/guesses.ts';
import type { SetupGate } from '../auth/setup-gate.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerTotpRoutes } from './totp-routes.ts';
import { registerSiteRoutes } from './site-routes.ts';
import { registerUserRoutes } from './user-routes.ts';
import { registerKeyRoutes } from './key-routes.ts';
import { registerShareRoutes } from './share-routes.ts';

export async function registerAccountRoutes(app: FastifyInstance, deps: { auth: LoginContext; setup: SetupGate; ops: AdminOps }): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      done();
    });
    registerAuthRoutes(scope, { ...deps.auth, setup: deps.setup });
    registerTotpRoutes(scope, deps.auth);
    registerSiteRoutes(scope, { ...deps.auth, ops: deps.ops });
    registerUserRoutes(scope, deps.auth);
    registerKeyRoutes(scope, deps.auth);
    registerShareRoutes(scope, deps.auth);
  });
}
