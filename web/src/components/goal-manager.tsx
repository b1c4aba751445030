// Adding and deleting a site's goals: pageview goals (a path with * and ** wildcards) and custom
// event goals (an event name, optionally one property value, optionally a revenue currency).
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { createGoal, deleteGoal, type Goal, type GoalInput } from '../lib/goals-api.ts';

interface Props {
  site: string;
  goals: Goal[];
  onChanged: () => void;
}

interface Draft {
  kind: 'page' | 'event';
  target: string;
  name: string;
  propKey: string;
  propValue: string;
  currency: string;
}

const EMPTY: Draft = { kind: 'page', target: '', name: '', propKey: '', propValue: '', currency: '' };

function toInput(d: Draft): GoalInput {
  const name = d.name.trim() ? { name: d.name.trim() } : {};
  if (d.kind === 'page') return { ...name, page_path: d.target.trim() };
  return {
    ...name,
    event_name: d.target.trim(),
    ...(d.propKey.trim() ? { property: { key: d.propKey.trim(), value: d.propValue } } : {}),
    ...(d.currency.trim() ? { currency: d.currency.trim().toUpperCase() } : {}),
  };
}

export function describeGoal(g: Goal): string {
  if (g.type === 'page') return `Pageview ${g.page_path}`;
  const prop = g.property ? ` where ${g.property.key} = ${g.property.value}` : '';
  return `Event ${g.event_name}${prop}${g.currency ? ` · revenue in ${g.currency}` : ''}`;
}

export function GoalManager({ site, goals, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs one change; true when it went through (the caller may then reset its form). */
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="goal-manager" data-testid="goal-manager">
      {goals.length > 0 && (
        <ul class="goal-defs">
          {goals.map((g) => (
            <li class="goal-def">
              <span class="goal-def-text">
                <strong>{g.name}</strong> <span class="muted">{describeGoal(g)}</span>
              </span>
              <button type="button" class="btn btn-ghost btn-sm" disabled={busy} aria-label={`Delete goal ${g.name}`} onClick={() => run(() => deleteGoal(site, g.id))}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <GoalForm busy={busy} onAdd={(input) => run(() => createGoal(site, input))} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function GoalForm({ busy, onAdd }: { busy: boolean; onAdd: (input: GoalInput) => Promise<boolean> }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form
      class="goal-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onAdd(toInput(draft)).then((added) => added && setDraft(EMPTY));
      }}
    >
      <select class="input input-sm" aria-label="Goal type" value={draft.kind} onChange={(e) => set({ kind: e.currentTarget.value as Draft['kind'] })}>
        <option value="page">Pageview</option>
        <option value="event">Custom event</option>
      </select>
      <input
        class="input input-sm"
        required
        aria-label={draft.kind === 'page' ? 'Page path' : 'Event name'}
        placeholder={draft.kind === 'page' ? '/signup or /blog/**' : 'Signup'}
        value={draft.target}
        onInput={(e) => set({ target: e.currentTarget.value })}
      />
      {draft.kind === 'event' && (
        <>
          <input class="input input-sm" aria-label="Property key (optional)" placeholder="property (optional)" value={draft.propKey} onInput={(e) => set({ propKey: e.currentTarget.value })} />
          <input class="input input-sm" aria-label="Property value" placeholder="value" value={draft.propValue} disabled={!draft.propKey} onInput={(e) => set({ propValue: e.currentTarget.value })} />
          <input class="input input-sm input-currency" aria-label="Revenue currency (optional)" placeholder="EUR" maxLength={3} value={draft.currency} onInput={(e) => set({ currency: e.currentTarget.value })} />
        </>
      )}
      <input class="input input-sm" aria-label="Display name (optional)" placeholder="name (optional)" value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />
      <button type="submit" class="btn btn-primary btn-sm" disabled={busy}>
        Add goal
      </button>
    </form>
  );
}
