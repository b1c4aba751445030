// /users (owner): everyone with an account and their role; add, change role, remove.
import { useEffect, useState } from 'preact/hooks';
import { send, type Role, type User } from '../lib/account-api.ts';
import { AccountShell, ErrorNote, useAction } from './form.tsx';

const ROLES: Role[] = ['viewer', 'admin', 'owner'];

export function UsersPage() {
  return <AccountShell title="Users">{(me) => (me.role === 'owner' ? <Users me={me} /> : <p>Only the owner manages users.</p>)}</AccountShell>;
}

function Users({ me }: { me: User }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const { busy, error, run } = useAction();
  const reload = () => run(async () => setUsers(await send<User[]>('GET', '/api/users')));
  useEffect(() => void reload(), []);
  return (
    <>
      <AddUser onAdded={reload} />
      <section class="card form-card">
        <h2>Accounts</h2>
        <ErrorNote error={error} />
        <ul class="rows" data-testid="user-list">
          {(users ?? []).map((u) => (
            <li class="row">
              <span class="row-main">{u.email}</span>
              <select class="input" aria-label={`Role of ${u.email}`} value={u.role} disabled={busy} onChange={(e) => void run(async () => (await send('PATCH', `/api/users/${u.id}`, { role: e.currentTarget.value }), await reload()))}>
                {ROLES.map((r) => (
                  <option value={r}>{r}</option>
                ))}
              </select>
              <button type="button" class="btn btn-sm" disabled={busy || u.id === me.id} onClick={() => confirm(`Remove ${u.email}?`) && void run(async () => (await send('DELETE', `/api/users/${u.id}`), await reload()))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function AddUser({ onAdded }: { onAdded: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await send('POST', '/api/users', { email, password, role });
      setEmail('');
      setPassword('');
      await onAdded();
    });
  };
  return (
    <form class="card form-card" onSubmit={submit} data-testid="add-user-form">
      <h2>Add a user</h2>
      <div class="form-row">
        <label class="field">
          Email
          <input class="input" type="email" name="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          First password (they can change it)
          <input class="input" type="password" name="password" autoComplete="new-password" minLength={10} required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label class="field">
          Role
          <select class="input" name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted">Viewers read every site's dashboard; admins also add sites, change settings, share links and API keys; owners also manage users.</p>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Add user
        </button>
      </div>
    </form>
  );
}
