// `npm run bench:rest [-- --db postgres]`: what the guard costs on a signed-in read (SPEC §9: a
// guarded REST read keeps ≥ 90 % of the throughput of the same route with the guard off).
//   guarded:   GET /admin/api/v1/users/:id — the real route: session, actor (cached per
//              accessVersion), engine decision on the row's memberships, one indexed query.
//   unguarded: the same route with the guard switched off — defined here, bench-only, behind the
//              very same Gatehouse router (helmet, session, authenticate: the session and the
//              principal are loaded exactly as for the guarded route), answering the same
//              serialized user from the same single query, without asking the engine.
//   anonymous: a route of the host app with no session at all, as a ceiling.
// autocannon on loopback, 10 connections, 10 s each, the routes measured alternately twice.
import autocannon from 'autocannon';
import express from 'express';
import { requestState } from '../src/http/state.ts';
import { serializeUser, userSerializerSelect } from '../src/users/serialize.ts';
import { argument, benchWorld } from './bench-world.ts';

const DURATION = Number(argument('duration', '10'));
const USERS = Number(argument('users', '2000'));

const world = await benchWorld({
  users: USERS,
  extend(app, gatehouse) {
    app.get('/anonymous/ping', (_req, res) => {
      res.json({ ok: true });
    });
    // The guard-off twin of GET /users/:id: the same query and serializer, no engine decision.
    const twin = express.Router();
    twin.get('/bench/unguarded/users/:id', async (req, res) => {
      const principal = requestState(res).principal;
      if (!principal) {
        res.status(401).end();
        return;
      }
      const user = await gatehouse.context.prisma.user.findUnique({ where: { id: req.params.id }, select: userSerializerSelect });
      if (!user) {
        res.status(404).end();
        return;
      }
      res.json(serializeUser(user, principal, gatehouse.context.config.now()));
    });
    // Placed in Gatehouse's own router just before the REST API layer, so that helmet, the session
    // and authenticate (which loads the principal) run exactly as they do for the guarded route.
    type Layer = { rawPath?: unknown; name?: string };
    const stack = (gatehouse.router as unknown as { stack: Layer[] }).stack;
    gatehouse.router.use(twin);
    const twinLayer = stack.pop();
    const apiIndex = stack.findIndex((layer) => layer.rawPath === '/api/v1');
    if (!twinLayer || apiIndex < 0) throw new Error('could not find the REST API layer of the Gatehouse router');
    stack.splice(apiIndex, 0, twinLayer);
  },
});

const target = (await world.gatehouse.context.prisma.user.findFirstOrThrow({ where: { id: { startsWith: 'benchuser' } }, orderBy: { id: 'asc' }, skip: 777 })).id;
const urls = {
  guarded: `${world.baseUrl}/admin/api/v1/users/${target}`,
  unguarded: `${world.baseUrl}/admin/bench/unguarded/users/${target}`,
  anonymous: `${world.baseUrl}/anonymous/ping`,
};

for (const [name, url] of Object.entries(urls)) {
  const response = await fetch(url, { headers: name === 'anonymous' ? {} : { cookie: world.cookie } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${name}: ${response.status} ${body}`);
  if (name !== 'anonymous' && !body.includes(target)) throw new Error(`${name} did not answer the user`);
}
const guardedBody = await (await fetch(urls.guarded, { headers: { cookie: world.cookie } })).text();
const unguardedBody = await (await fetch(urls.unguarded, { headers: { cookie: world.cookie } })).text();
if (guardedBody !== unguardedBody) throw new Error('the guarded and unguarded routes must answer the same body');

async function measure(url: string, withCookie: boolean): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: DURATION, headers: withCookie ? { cookie: world.cookie } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const totals = { guarded: [] as number[], unguarded: [] as number[], anonymous: [] as number[] };
await measure(urls.guarded, true); // warm-up: JIT, actor cache, prepared statements
for (let round = 0; round < 2; round += 1) {
  totals.unguarded.push(await measure(urls.unguarded, true));
  totals.guarded.push(await measure(urls.guarded, true));
  totals.anonymous.push(await measure(urls.anonymous, false));
}
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const guarded = mean(totals.guarded);
const unguarded = mean(totals.unguarded);
const anonymous = mean(totals.anonymous);
console.log(`guarded   GET /admin/api/v1/users/:id        ${guarded.toFixed(0)} req/s  (rounds: ${totals.guarded.map((value) => value.toFixed(0)).join(', ')})`);
console.log(`unguarded same chain, no engine decision     ${unguarded.toFixed(0)} req/s  (rounds: ${totals.unguarded.map((value) => value.toFixed(0)).join(', ')})`);
console.log(`anonymous host route, no session             ${anonymous.toFixed(0)} req/s`);
await world.close();
console.log(`bench:rest guarded_rps=${guarded.toFixed(0)} unguarded_rps=${unguarded.toFixed(0)} ratio=${(guarded / unguarded).toFixed(3)}`);
