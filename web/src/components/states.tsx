// Shared states of a view: loading skeletons, an error with a retry, and "nothing here yet".
import type { ApiError } from '../lib/api.ts';
import { Icon } from './icons.tsx';

export function SkeletonRows({ rows = 6 }: { rows?: number }) {
  return (
    <div class="skeleton-rows" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <div class="skeleton-row">
          <span class="skeleton" style={{ width: `${86 - i * 11}%` }} />
          <span class="skeleton skeleton-num" />
        </div>
      ))}
    </div>
  );
}

export function ErrorState({ error, onRetry, compact }: { error: ApiError; onRetry?: () => void; compact?: boolean }) {
  return (
    <div class={`state state-error ${compact ? 'compact' : ''}`} role="alert">
      <Icon name="alert" class="state-icon" />
      <p class="state-title">{error.status === 0 ? 'Inkling is unreachable' : 'Could not load this'}</p>
      <p class="state-text">{error.message}</p>
      {onRetry && (
        <button type="button" class="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ text = 'No data for this period' }: { text?: string }) {
  return (
    <div class="state state-empty">
      <p class="state-text">{text}</p>
    </div>
  );
}
