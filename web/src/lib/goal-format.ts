// How goal figures read: revenue in the goal's currency, rates with one decimal.
import { formatCount, formatExact } from './format.ts';

export function formatRevenue(value: number | null | undefined, currency: string | null): string {
  if (value === null || value === undefined) return '—';
  if (!currency) return formatExact(Math.round(value * 100) / 100);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
}

export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 10) / 10}%`;
}

export function formatVisitors(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatCount(value);
}
