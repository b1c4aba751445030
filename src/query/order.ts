// The complete row order of a query: the client's order_by, a default when it gives none, then
// every dimension ascending so that pagination is deterministic. NULLs sort last both ways.
import { isTimeDimension, type Dimension, type Metric, type OrderBy } from './model.ts';

/** A metric computed after SQL sorts like the SQL metric it is derived from. */
export function sqlOrderKey(key: Metric | Dimension): Metric | Dimension {
  if (key === 'conversions') return 'events';
  return key === 'percentage' || key === 'conversion_rate' || key === 'converted_visitors' ? 'visitors' : key;
}

export function effectiveOrder(metrics: Metric[], dimensions: Dimension[], orderBy: OrderBy[]): OrderBy[] {
  const order: OrderBy[] = orderBy.map((o) => ({ key: sqlOrderKey(o.key), direction: o.direction }));
  if (order.length === 0 && dimensions.length > 0) {
    const time = dimensions.find(isTimeDimension);
    if (time) order.push({ key: time, direction: 'asc' });
    else order.push({ key: sqlOrderKey(metrics[0]!), direction: 'desc' });
  }
  for (const d of dimensions) {
    if (!order.some((o) => o.key === d)) order.push({ key: d, direction: 'asc' });
  }
  return order;
}
