// The ordered list of schema migrations; add a file and append it here.
import * as m001 from './001-init.ts';

export interface Migration {
  version: number;
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [m001];
