// The baseline: a bare node:http server answering the same GIF (and 202 for posts), nothing else.
import http from 'node:http';
import { TRANSPARENT_GIF } from '../src/api/gif.ts';

const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => {
      res.writeHead(202, { 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      res.end();
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'image/gif', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
  res.end(TRANSPARENT_GIF);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
