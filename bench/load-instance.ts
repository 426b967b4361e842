// One app instance of `npm run bench:load`, in a process of its own as in a deployment: Gatehouse
// on DATABASE_URL, listening on a free loopback port. Prints `listening <port>`, then its RSS in
// bytes whenever the parent asks (a line on stdin).
import express from 'express';
import { createGatehouse } from '../src/index.ts';

const gatehouse = await createGatehouse({
  databaseUrl: process.env.DATABASE_URL ?? '',
  migrate: false,
  preset: 'seed004',
  secret: 'bench-load-secret-shared-by-instances',
  // The benchmark measures serving, not argon2: 200 sign-ins at OWASP's cost would take minutes.
  passwordHashing: { memoryKiB: 1024, passes: 1 },
  signInRateLimit: false,
  mail: { onMessage: () => undefined },
  logger: { info() {}, warn() {}, error: (message, error) => console.error(message, error) },
});
const app = express();
app.use('/admin', gatehouse.router);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.stdin.on('data', () => {
  global.gc?.();
  process.stdout.write(`rss ${process.memoryUsage().rss}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void gatehouse.close().then(() => process.exit(0));
});
