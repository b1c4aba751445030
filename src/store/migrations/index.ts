// The ordered list of schema migrations; add a file and append it here.
import * as m001 from './001-init.ts';
import * as m002 from './002-retention.ts';
import * as m003 from './003-api-keys.ts';

export interface Migration {
  version: number;
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [m001, m002, m003];
