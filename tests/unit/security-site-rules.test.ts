// A site's ingest rules: list validation, hostname wildcards, CIDR and path-glob exclusions, and
// the pipeline step that applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules, validateLists } from '../../src/sites/rules.ts';
import { applySiteRules } from '../../src/ingest/steps/site-rules.ts';
import { SiteRegistry } from '../../src/sites/registry.ts';
import type { PipelineDeps } from '../../src/ingest/pipeline.ts';
import type { Hit } from '../../src/ingest/types.ts';

test('validateLists normalises and refuses with the field named', () => {
  assert.deepEqual(validateLists({ allowedHostnames: 'Shop.Example\n*.shop.example', excludedIps: ['10.0.0.0/8', '::ffff:192.0.2.1'], excludedPaths: ['/admin/*'] }), {
    allowedHostnames: ['shop.example', '*.shop.example'], excludedIps: ['10.0.0.0/8', '192.0.2.1'], excludedPaths: ['/admin/*'],
  });
  assert.throws(() => validateLists({ allowedHostnames: ['exa mple.com'] }), /allowed_hostnames/);
  assert.throws(() => validateLists({ excludedIps: ['10.0.0.0/99'] }), /excluded_ips/);
  assert.throws(() => validateLists({ excludedPaths: ['admin'] }), /excluded_paths/);
  assert.throws(() => validateLists({ excludedPaths: 5 }), /excluded_paths/);
  assert.throws(() => validateLists({ excludedPaths: Array.from({ length: 101 }, (_, i) => `/p${i}`) }), /at most 100/);
});

test('compiled rules: exact and wildcard hosts, CIDRs, globs with only * special', () => {
  const rules = compileRules({ allowedHostnames: ['shop.example', '*.shop.example'], excludedIps: ['203.0.113.0/24', '2001:db8::/32'], excludedPaths: ['/admin/*', '/a.b'] });
  assert.equal(rules.allowsHost!('shop.example'), true);
  assert.equal(rules.allowsHost!('blog.shop.example'), true);
  assert.equal(rules.allowsHost!('evilshop.example'), false);
  assert.equal(rules.allowsHost!(null), false);
  assert.equal(rules.excludesIp!('203.0.113.77'), true);
  assert.equal(rules.excludesIp!('2001:db8::1'), true);
  assert.equal(rules.excludesIp!('198.51.100.1'), false);
  assert.equal(rules.excludesPath!('/admin/users'), true);
  assert.equal(rules.excludesPath!('/a.b'), true);
  assert.equal(rules.excludesPath!('/aXb'), false, '. is literal');
  assert.equal(rules.excludesPath!('/administrator'), false);
  const none = compileRules({ allowedHostnames: [], excludedIps: [], excludedPaths: [] });
  assert.deepEqual(none, { allowsHost: null, excludesIp: null, excludesPath: null });
});

test('applySiteRules: drops as unknown_site or excluded, passes the rest', () => {
  const sites = new SiteRegistry([{ domain: 'shop.example', timezone: 'UTC', rules: compileRules({ allowedHostnames: ['shop.example'], excludedIps: ['203.0.113.0/24'], excludedPaths: ['/admin/*'] }) }, { domain: 'plain.example', timezone: 'UTC' }]);
  const deps = { sites } as unknown as PipelineDeps;
  const hit = (patch: Partial<Hit>) => ({ site: 'shop.example', hostname: 'shop.example', pathname: '/', ip: '198.51.100.1', ...patch }) as Hit;
  assert.equal(applySiteRules(hit({}), deps), undefined);
  assert.deepEqual(applySiteRules(hit({ hostname: 'other.example' }), deps), { drop: 'unknown_site' });
  assert.deepEqual(applySiteRules(hit({ ip: '203.0.113.5' }), deps), { drop: 'excluded' });
  assert.deepEqual(applySiteRules(hit({ pathname: '/admin/x' }), deps), { drop: 'excluded' });
  assert.equal(applySiteRules(hit({ site: 'plain.example', hostname: 'anything.example' }), deps), undefined);
});
