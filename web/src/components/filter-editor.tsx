// The form that adds or edits one filter: a dimension, an operator and a value, with the
// dimension's top values offered as suggestions (fetched from the Stats API as you type).
import { useMemo, useState } from 'preact/hooks';
import { DIMENSIONS, dimension, displayValue, PROP_KEY_PREFIX } from '../lib/dimensions.ts';
import { OPERATORS, OPERATOR_LABELS, type Operator, type UiFilter } from '../lib/filters.ts';
import { breakdownQuery } from '../lib/queries.ts';
import { useQuery } from '../lib/use-query.ts';
import type { DashState } from '../lib/url-state.ts';
import type { TabDef } from '../lib/panel-tabs.ts';

interface Props {
  site: string;
  state: DashState;
  initial: UiFilter | null;
  onApply: (f: UiFilter) => void;
  onCancel: () => void;
}

const GROUPS = [...new Set(DIMENSIONS.map((d) => d.group))];
const PROPERTY = '__property__';

export function FilterEditor({ site, state, initial, onApply, onCancel }: Props) {
  const initialProp = initial?.dim.startsWith(PROP_KEY_PREFIX) ? initial.dim.slice(PROP_KEY_PREFIX.length) : '';
  const [dim, setDim] = useState(initialProp ? PROPERTY : (initial?.dim ?? 'page'));
  const [propKey, setPropKey] = useState(initialProp);
  const [op, setOp] = useState<Operator>(initial?.op ?? 'is');
  const [value, setValue] = useState(initial?.values.join(', ') ?? '');
  const dimKey = dim === PROPERTY ? (propKey.trim() ? PROP_KEY_PREFIX + propKey.trim() : '') : dim;

  // Suggestions: the dimension's top values under the other filters, narrowed by what is typed.
  const suggestTab = useMemo<TabDef | null>(() => (dimKey ? { key: 'suggest', label: '', dims: [dimKey], heading: '', metrics: ['visitors'] } : null), [dimKey]);
  const others = { ...state, filters: state.filters.filter((f) => f !== initial && f.dim !== dimKey) };
  const body = suggestTab ? breakdownQuery(site, others, suggestTab, { limit: 25, search: op.startsWith('contains') ? '' : value }) : null;
  const { data } = useQuery(body);
  const suggestions = (data?.results ?? []).map((r) => r.dimensions[0]).filter((v): v is string => v !== null && v !== '');

  const values = [value.trim()];
  const valid = dimKey !== '' && values.every((v) => v !== '');

  return (
    <form
      class="filter-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onApply({ op, dim: dimKey, values });
      }}
    >
      <h2 class="popover-title">{initial ? 'Edit filter' : 'Add filter'}</h2>
      <label class="field">
        <span>Dimension</span>
        <select class="input" value={dim} data-autofocus onChange={(e) => setDim(e.currentTarget.value)}>
          {GROUPS.map((g) => (
            <optgroup label={g}>
              {DIMENSIONS.filter((d) => d.group === g).map((d) => (
                <option value={d.key}>{d.label}</option>
              ))}
              {g === 'Events' && <option value={PROPERTY}>Custom property…</option>}
            </optgroup>
          ))}
        </select>
      </label>
      {dim === PROPERTY && (
        <label class="field">
          <span>Property name</span>
          <input class="input" value={propKey} placeholder="e.g. plan" onInput={(e) => setPropKey(e.currentTarget.value)} />
        </label>
      )}
      <label class="field">
        <span>Operator</span>
        <select class="input" value={op} onChange={(e) => setOp(e.currentTarget.value as Operator)}>
          {OPERATORS.map((o) => (
            <option value={o}>{OPERATOR_LABELS[o]}</option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Value</span>
        <input class="input" value={value} list="filter-suggestions" autoComplete="off" placeholder={dimension(dimKey)?.key === 'country' ? 'e.g. DE' : ''} onInput={(e) => setValue(e.currentTarget.value)} />
        <datalist id="filter-suggestions">
          {suggestions.map((v) => (
            <option value={v}>{displayValue(dimKey, v) !== v ? displayValue(dimKey, v) : ''}</option>
          ))}
        </datalist>
      </label>
      <div class="form-actions">
        <button type="button" class="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="btn btn-primary" disabled={!valid}>
          {initial ? 'Update' : 'Add filter'}
        </button>
      </div>
    </form>
  );
}
