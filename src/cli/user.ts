// `inkling user add|list|role|remove`: accounts from the command line, through the running server
// or on the file. Without --password-stdin a random password is generated and printed once.
// Removing a user, or making them a viewer, revokes the API keys they made.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runAdminOp } from '../admin/admin-session.ts';
import type { User } from '../store/users.ts';
import type { Command } from './command.ts';

const USAGE = `inkling user add <email> [--role owner|admin|viewer] [--password-stdin] [--data ./data]
inkling user list [--data ./data]
inkling user role <email> owner|admin|viewer [--data ./data]
inkling user remove <email> [--data ./data]`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function makeUserCommand(readPassword: () => Promise<string> = readStdin): Command {
  return {
    name: 'user',
    summary: 'Add, list, change the role of or remove user accounts',
    usage: USAGE,
    async run(argv, io) {
      const { values, positionals } = parseArgs({
        args: argv,
        options: { role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, data: { type: 'string' } },
        allowPositionals: true,
      });
      const config = loadConfig(values.data ? ['--data', values.data] : [], io.env);
      const [action, email] = positionals;
      if (action === 'add' && email !== undefined && positionals.length === 2) {
        const generated = values['password-stdin'] ? null : randomBytes(15).toString('base64url');
        const password = generated ?? (await readPassword());
        const user = (await runAdminOp(config, 'user.add', { email, role: values.role ?? 'viewer', password })) as User;
        io.out(`Added ${user.email} (${user.role})`);
        if (generated !== null) io.out(`Password (shown once; change it after signing in): ${generated}`);
        return 0;
      }
      if (action === 'list' && positionals.length === 1) {
        const users = (await runAdminOp(config, 'user.list', {})) as User[];
        if (users.length === 0) io.out('No users yet. Add one with: npx inkling user add you@example.com --role owner');
        for (const u of users) io.out([u.id, u.email, u.role, u.totpEnabled ? '2fa' : ''].join('\t').trimEnd());
        return 0;
      }
      if (action === 'role' && email !== undefined && positionals.length === 3) {
        const { user, revokedKeys } = (await runAdminOp(config, 'user.role', { email, role: positionals[2] })) as { user: User; revokedKeys: number };
        io.out(`${user.email} is now ${user.role}${revokedNote(revokedKeys)}`);
        return 0;
      }
      if (action === 'remove' && email !== undefined && positionals.length === 2) {
        const { user, revokedKeys } = (await runAdminOp(config, 'user.remove', { email })) as { user: User; revokedKeys: number };
        io.out(`Removed ${user.email}${revokedNote(revokedKeys)}`);
        return 0;
      }
      io.err(`Usage:\n${USAGE}`);
      return 2;
    },
  };
}

function revokedNote(keys: number): string {
  return keys === 0 ? '' : `; revoked the ${keys} API key${keys === 1 ? '' : 's'} they made`;
}

export const userCommand: Command = makeUserCommand();
