// Chooses the custom property the Properties tab breaks down by. The Stats API has no list of
// property keys, so the known ones come from this view's filters and the last choice.
import { useState } from 'preact/hooks';
import { PROP_KEY_PREFIX } from '../lib/dimensions.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';

export function PropPicker({ state, update }: { state: DashState; update: Update }) {
  const [text, setText] = useState(state.prop ?? '');
  const known = [...new Set([...(state.prop ? [state.prop] : []), ...state.filters.filter((f) => f.dim.startsWith(PROP_KEY_PREFIX)).map((f) => f.dim.slice(PROP_KEY_PREFIX.length))])];
  return (
    <form
      class="prop-picker"
      onSubmit={(e) => {
        e.preventDefault();
        update({ prop: text.trim() || null }, { replace: true });
      }}
    >
      <label for="prop-key">Property</label>
      <input id="prop-key" class="input input-sm" list="prop-keys" value={text} placeholder="e.g. plan, author" autoComplete="off" onInput={(e) => setText(e.currentTarget.value)} />
      <datalist id="prop-keys">
        {known.map((k) => (
          <option value={k} />
        ))}
      </datalist>
      <button type="submit" class="btn btn-sm">
        Show
      </button>
    </form>
  );
}
