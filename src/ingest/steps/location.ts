// Country (and region and city with a user-supplied city database) from the IP, looked up locally.
import type { Step } from '../pipeline.ts';

export const lookupLocation: Step = (hit, { geo }) => geo.lookup(hit.ip);
