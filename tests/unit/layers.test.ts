// The floors of the code (docs/architecture.md) held by a test: every relative import in src/ and
// web/src is parsed and a forbidden one fails, naming the file; and the folders of src/ form no
// cycle. web/tools is a dev tool run by hand (a build-time helper, never bundled): exempt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from '../helpers/source-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const WEB_SRC = path.join(ROOT, 'web/src');


/** Every path a file imports or re-exports from, static or dynamic, resolved to an absolute path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

/** The unit of a file of src/: its top folder (`store`), or its name for a top file (`event`, `server`). */
function unitOf(file: string): string | null {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return null;
  const [first, ...rest] = rel.split(path.sep);
  return rest.length > 0 ? first! : first!.replace(/\.tsx?$/, '');
}

interface Edge {
  from: string;
  to: string;
  file: string;
}

function srcEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = unitOf(file)!;
    for (const target of importsOf(file)) {
      const to = unitOf(target);
      if (to !== null && to !== from) edges.push({ from, to, file: path.relative(ROOT, file) });
    }
  }
  return edges;
}

const GROUND = ['lib', 'event', 'event-columns', 'errors'];
const TOP = ['cli', 'server', 'app'];

/** For each unit with a rule: whether it must not import a given unit. */
const FORBIDDEN: Record<string, (to: string) => boolean> = {
  lib: () => true,
  // The ground floor's three files import lib/ and one another (the columns name Event's keys).
  event: (to) => !GROUND.includes(to),
  'event-columns': (to) => !GROUND.includes(to),
  errors: (to) => !GROUND.includes(to),
  store: (to) => ['ingest', 'query', 'sites', 'api', 'auth', 'admin', 'cli', 'transfer', 'maintenance', ...TOP].includes(to),
  query: (to) => ['ingest', 'admin', 'transfer', 'maintenance', 'api', 'cli', ...TOP].includes(to),
  auth: (to) => ['api', 'admin', 'cli', ...TOP].includes(to),
};

test('no module of src/ imports across a floor it must not', () => {
  const broken: string[] = [];
  for (const e of srcEdges()) {
    const rule = FORBIDDEN[e.from];
    // Only cli/ and server.ts sit above the app: nothing else reaches up to them.
    const upward = TOP.includes(e.to) && !(e.from === 'cli' || (e.from === 'server' && e.to === 'app'));
    if ((rule && rule(e.to)) || upward) broken.push(`${e.file}: ${e.from} must not import ${e.to}`);
  }
  assert.deepEqual(broken, []);
});

test('the dashboard (web/src) imports only src/api/contract.ts of the server', () => {
  const contract = path.join(SRC, 'api/contract.ts');
  const broken: string[] = [];
  for (const file of sourceFiles(WEB_SRC)) {
    for (const target of importsOf(file)) {
      if (unitOf(target) !== null && target !== contract) broken.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`);
    }
  }
  assert.deepEqual(broken, []);
});

/** A cycle in the graph as a path `a -> b -> a`, or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

test('the folders of src/ import one another without a cycle', (t) => {
  const graph = new Map<string, Set<string>>();
  for (const e of srcEdges()) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    if (!graph.has(e.to)) graph.set(e.to, new Set());
    graph.get(e.from)!.add(e.to);
  }
  const cycle = findCycle(graph);
  assert.equal(cycle, null, `import cycle between folders: ${cycle?.join(' -> ')}`);
  // Depth: the longest import chain, in floors (a leaf is floor 1).
  const depth = new Map<string, number>();
  const depthOf = (node: string): number => {
    if (!depth.has(node)) depth.set(node, 1 + Math.max(0, ...[...graph.get(node)!].map(depthOf)));
    return depth.get(node)!;
  };
  const floors = Math.max(...[...graph.keys()].map(depthOf));
  t.diagnostic(`${graph.size} units on ${floors} floors`);
});
