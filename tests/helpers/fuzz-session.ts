// fast-check generators of signed-in state changes (the stats fuzzer uses an API key, so it never
// reaches the CSRF check): X-CSRF-Token values of every kind, non-ASCII of the right length among
// them, and key/site bodies with hostile `sites` (deep nesting), and a runner asserting no answer >= 500.
import fc from 'fast-check';
import { text } from './fuzz-requests.ts';
import { makeApp } from './app.ts';
import { addUser, login } from './auth.ts';

const SITE = 'fuzz.example';

/** A token of `length` characters, mostly non-ASCII: each such char is 2+ bytes on the wire. */
const csrfToken = (valid: string): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: fc.constant(valid) },
  { weight: 4, arbitrary: fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: valid.length, maxLength: valid.length }) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0x80, max: 0xff })).map(([i, c]) => valid.slice(0, i) + String.fromCharCode(c) + valid.slice(i + 1)) },
  { weight: 2, arbitrary: text().map((t) => Buffer.from(t, 'utf8').toString('latin1').replace(/[\x00-\x1f\x7f]/g, '?')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', valid.toUpperCase(), `${valid} `, valid.slice(1)) },
);

/** Arrays or objects nested `depth` deep around a leaf. */
const nested = (): fc.Arbitrary<string> => fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('"fuzz.example"', '1', 'null', '')).map(([depth, open, leaf]) => {
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + (open === '[' ? leaf : leaf || '1') + close.repeat(depth);
});

const sitesValue = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: nested() },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constant(SITE), text(), nested()), { maxLength: 4 }).map((items) => `[${items.map((i) => (i.startsWith('[') || i.startsWith('{') ? i : JSON.stringify(i))).join(',')}]`) },
  { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"fuzz.example"', '{}', '1e999', `[${'"x",'.repeat(2000)}"x"]`) },
);

export interface SessionRequest {
  method: 'POST';
  url: string;
  csrf: string;
  payload: string;
}

const request = (validCsrf: string): fc.Arbitrary<SessionRequest> => fc.oneof(
  { weight: 4, arbitrary: fc.tuple(csrfToken(validCsrf), sitesValue(), fc.constantFrom('"read"', '"admin"', '[]', '{"__proto__":1}')).map(([csrf, sites, access]) => ({ method: 'POST' as const, url: '/api/keys', csrf, payload: `{"name":"fuzz","access":${access},"sites":${sites}}` })) },
  { weight: 1, arbitrary: fc.tuple(csrfToken(validCsrf), fc.oneof(nested(), text().map((t) => JSON.stringify(t)))).map(([csrf, domain]) => ({ method: 'POST' as const, url: '/api/sites', csrf, payload: `{"domain":${domain}}` })) },
);

export interface SessionFuzzReport {
  requests: number;
  byStatus: Record<number, number>;
  failures: string[];
}

/** An in-process app with a signed-in admin; `requests` fuzzed cookie-authenticated writes against it. */
export async function fuzzSession(opts: { requests: number; seed: number; log?: (line: string) => void }): Promise<SessionFuzzReport> {
  const t = await makeApp({ sites: [SITE] });
  const report: SessionFuzzReport = { requests: 0, byStatus: {}, failures: [] };
  try {
    await addUser(t, 'fuzz@x.test', 'admin');
    const session = await login(t, 'fuzz@x.test');
    for (const r of fc.sample(request(session.csrf), { numRuns: opts.requests, seed: opts.seed })) {
      const res = await t.app.inject({
        method: r.method, url: r.url, payload: r.payload,
        headers: { ...session.headers, 'x-csrf-token': r.csrf, 'content-type': 'application/json' },
      });
      report.requests++;
      report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 500) report.failures.push(report.failures.length < 20 ? `${res.statusCode} ${r.url} csrf=${JSON.stringify(r.csrf.slice(0, 80))} ${r.payload.slice(0, 300)}` : '');
    }
    opts.log?.(`session: ${report.requests} signed-in writes, ${report.failures.length} answers >= 500, statuses ${JSON.stringify(report.byStatus)}`);
  } finally {
    await t.close();
  }
  return report;
}
