// Writes a wrk Lua script that cycles through varied, realistic hits (UAs, IPs, paths, referrers).
import { USER_AGENTS, eventBody, ipFor, pick, pixelQuery } from '../tests/helpers/traffic.ts';

const lua = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua string escapes here.

export function wrkScript(domain: string, count = 2000): string {
  const requests: string[] = [];
  for (let i = 0; i < count; i++) {
    const headers = `["User-Agent"]=${lua(pick(USER_AGENTS, i * 7 + (i >> 3)))}, ["X-Forwarded-For"]=${lua(ipFor(i))}`;
    if (i % 2 === 0) {
      requests.push(`wrk.format("GET", ${lua(`/pixel.gif?d=${domain}&${pixelQuery(i)}`)}, {${headers}})`);
    } else {
      requests.push(`wrk.format("POST", "/api/event", {${headers}, ["Content-Type"]="text/plain"}, ${lua(eventBody(i, domain))})`);
    }
  }
  // Built in init(): wrk only knows the Host header once the thread starts.
  return `local reqs = {}\nlocal i = 0\ninit = function(args)\n  reqs = {\n${requests.join(',\n')}\n  }\nend\nrequest = function()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n`;
}
