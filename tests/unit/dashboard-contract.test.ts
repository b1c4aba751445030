// The dashboard (web/src) shares only answer types with the server, through src/api/contract.ts:
// no server module is bundled into it, and the server's folders can move without touching web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from '../helpers/source-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_SRC = path.join(ROOT, 'web/src');
const SERVER_SRC = path.join(ROOT, 'src');
const CONTRACT = path.join(SERVER_SRC, 'api/contract.ts');


/** Each import or re-export with a path: the whole statement and the path it names. */
function imports(text: string): { statement: string; specifier: string }[] {
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm)].map((m) => ({ statement: m[0], specifier: (m[1] ?? m[2])! }));
}

test('re-home item 5: the dashboard imports nothing of the server but the type-only src/api/contract.ts', () => {
  const seen: string[] = [];
  for (const file of sourceFiles(WEB_SRC)) {
    for (const { statement, specifier } of imports(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(SERVER_SRC + path.sep)) continue;
      const where = path.relative(ROOT, file);
      assert.equal(target, CONTRACT, `${where} imports ${specifier}: the dashboard may import only src/api/contract.ts`);
      assert.match(statement, /^(?:import|export) type\b/, `${where}: "${statement}" must be type-only`);
      seen.push(where);
    }
  }
  assert.ok(seen.length > 0, 'the dashboard uses the contract (else the scan is broken)');
});

test('re-home item 5: src/api/contract.ts only re-exports types', () => {
  const code = readFileSync(CONTRACT, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('//'));
  for (const line of code) assert.match(line, /^export type \{[^}]+\} from '\.\.\/[\w/.-]+\.ts';$/, line);
});
