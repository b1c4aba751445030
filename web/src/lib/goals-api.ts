// Goals and funnels over the API: a site's goals (list, create, delete) and POST /api/v2/funnel.
// Writes carry the session's CSRF token (loaded with the session first).
import { loadSession } from './account-api.ts';
import { request, type QueryBody } from './api.ts';

export interface Goal {
  id: string;
  name: string;
  type: 'page' | 'event';
  page_path?: string;
  event_name?: string;
  property?: { key: string; value: string };
  currency: string | null;
}

export interface GoalInput {
  name?: string;
  page_path?: string;
  event_name?: string;
  property?: { key: string; value: string };
  currency?: string;
}

export type { FunnelStep, FunnelResult } from '../../../src/api/contract.ts';
import type { FunnelResult } from '../../../src/api/contract.ts';

const goalsUrl = (site: string) => `/api/sites/${encodeURIComponent(site)}/goals`;

export async function listGoals(site: string): Promise<Goal[]> {
  return (await request<{ goals: Goal[] }>(goalsUrl(site), { method: 'GET' })).goals;
}

export async function createGoal(site: string, goal: GoalInput): Promise<Goal> {
  await loadSession();
  return request<Goal>(goalsUrl(site), { method: 'POST', body: JSON.stringify(goal) });
}

export async function deleteGoal(site: string, id: string): Promise<void> {
  await loadSession();
  await request<null>(`${goalsUrl(site)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function postFunnel(body: Pick<QueryBody, 'site_id' | 'date_range' | 'date' | 'filters'> & { steps: string[]; window_seconds?: number }): Promise<FunnelResult> {
  return request<FunnelResult>('/api/v2/funnel', { method: 'POST', body: JSON.stringify(body) });
}

export interface Segment {
  id: string;
  name: string;
  /** Stats API filters. */
  filters: unknown[];
}

const segmentsUrl = (site: string) => `/api/sites/${encodeURIComponent(site)}/segments`;

export async function listSegments(site: string): Promise<Segment[]> {
  return (await request<{ segments: Segment[] }>(segmentsUrl(site), { method: 'GET' })).segments;
}

export async function createSegment(site: string, segment: Omit<Segment, 'id'>): Promise<Segment> {
  await loadSession();
  return request<Segment>(segmentsUrl(site), { method: 'POST', body: JSON.stringify(segment) });
}

export async function deleteSegment(site: string, id: string): Promise<void> {
  await loadSession();
  await request<null>(`${segmentsUrl(site)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
