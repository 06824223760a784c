// Runs the graphql-http audit suite (serverAudits) against a GraphQL endpoint and prints one line per audit
// ("ok", "notice", "warn" or "error" with its name, reason and status), then the counts. Exit code 0 only when every
// audit is ok.
// Usage: node audit.mjs URL [TOKEN]   (the token, when given, is sent as a bearer token with every request)
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url) {
  console.error('usage: node audit.mjs URL [TOKEN]');
  process.exit(2);
}

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  counts[result.status]++;
  const detail = result.status === 'ok' ? '' : `\t${result.reason} (HTTP ${result.response?.status})`;
  console.log(`${result.status}\t${result.name}${detail}`);
}

console.log(`audits: ${counts.ok} ok, ${counts.notice} notice, ${counts.warn} warn, ${counts.error} error`);
process.exit(counts.notice + counts.warn + counts.error === 0 ? 0 : 1);
