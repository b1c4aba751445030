// Every error code the server can send is in the registry (src/errors.ts) and in the
// generated OpenAPI document, and is sent with the status the registry gives it. The codes are
// found by reading src/: an ApiError (or a subclass's super call), errorBody, the two raw-HTTP
// senders and any literal {error: {code: '...'}} body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../src/errors.ts';
import { openApiDocument } from '../../src/query/openapi.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');

interface Sent {
  code: string;
  /** The status written beside the code, when it is a literal. */
  status: number | null;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const CODE = String.raw`'([a-z_]+)'`;
const PATTERNS: RegExp[] = [
  new RegExp(String.raw`\bApiError\(\s*${CODE}`, 'g'),
  new RegExp(String.raw`\berrorBody\(\s*${CODE}`, 'g'),
  // sendError(reply, 400, 'code', ...) in errors.ts, collect-handler.ts; answerError in metrics-endpoint.ts.
  new RegExp(String.raw`\b(?:sendError|answerError)\(\s*\w+,\s*(\d+|[\w.]+),\s*${CODE}`, 'g'),
  new RegExp(String.raw`\berror:\s*\{\s*code:\s*${CODE}`, 'g'),
];
/** A subclass of ApiError names its code in its super call. */
const SUBCLASS = new RegExp(String.raw`extends ApiError\s*\{[\s\S]*?\bsuper\(\s*${CODE}`, 'g');

function sentCodes(): Sent[] {
  const sent: Sent[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(SRC, file);
    for (const pattern of [...PATTERNS, SUBCLASS]) {
      for (const m of text.matchAll(pattern)) {
        const [status, code] = m.length === 3 ? [m[1]!, m[2]!] : [null, m[1]!];
        sent.push({ code, status: status !== null && /^\d+$/.test(status) ? Number(status) : null, where });
      }
    }
  }
  return sent;
}

test('re-home item 9: every error code sent to a client is in the registry, with the status sent', () => {
  const sent = sentCodes();
  const found = new Set(sent.map((s) => s.code));
  // The scan must see every way a code leaves: the error handler, the collect handler, the
  // metrics endpoint, the dashboard routes and the thrown ApiErrors.
  for (const code of ['body_too_large', 'unsupported_media_type', 'bad_request', 'dashboard_not_built', 'host_not_allowed', 'query_timeout', 'rate_limited', 'invalid_json', 'internal']) {
    assert.ok(found.has(code), `the scan of src/ did not find ${code}`);
  }
  for (const s of sent) {
    assert.ok(Object.hasOwn(ERROR_CODES, s.code), `${s.where} sends "${s.code}", which is not in ERROR_CODES (src/errors.ts)`);
    const documented = ERROR_CODES[s.code as keyof typeof ERROR_CODES].status;
    if (s.status !== null) assert.equal(s.status, documented, `${s.where} sends "${s.code}" with ${s.status}, the registry says ${documented}`);
  }
});

test('re-home item 9: every registered error code is in the OpenAPI document', () => {
  const doc = openApiDocument() as {
    info: { description: string };
    components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
  };
  const listed = doc.components.schemas.Error.properties.error.properties.code.enum;
  for (const [code, { status }] of Object.entries(ERROR_CODES)) {
    assert.ok(listed.includes(code), `${code} is missing from the Error schema's code enum`);
    assert.ok(doc.info.description.includes(`\`${code}\` (${status})`), `${code} is missing from the error table of the description`);
  }
});
