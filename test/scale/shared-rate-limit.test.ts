// Sign-in rate limits are the deployment's, not a process's (R-RATE-1): one instance and three
// instances behind a round-robin proxy allow exactly the same number of attempts per window, with
// the counters in the database (the default) and in Redis (rateLimit.redisUrl).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import request from 'supertest';
import { API } from '../support/agent.ts';
import { type Cluster, startCluster } from '../support/cluster.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PER_IP = 6;
const PER_ACCOUNT = 4;
const ATTEMPTS = 20;

type Backend = 'database' | 'redis';

async function limitedCluster(instances: number, backend: Backend, limits: { perIp: number; perAccount: number }): Promise<Cluster> {
  return startCluster({
    instances,
    options: {
      signInRateLimit: { ...limits, windowMinutes: 15 },
      // The account lock (R-LOCK-1) would answer before the per-account limit: out of the way here.
      lockout: { maxAttempts: 1_000 },
      // A prefix of its own: CI runs this file twice (SQLite, PostgreSQL), possibly at once, on one Redis.
      ...(backend === 'redis' ? { rateLimit: { redisUrl: REDIS_URL, redisPrefix: `gatehouse-test:${randomBytes(6).toString('hex')}:` } } : {}),
    },
  });
}

const attempt = (cluster: Cluster, identifier: string) =>
  request(cluster.proxy.url).post(`${API}/auth/login`).send({ identifier, password: 'Wrong-Password-0000!' });

function tally(statuses: readonly number[]): { allowed: number; limited: number } {
  assert.ok(statuses.every((status) => status === 401 || status === 429), `only 401 and 429: ${statuses.join(',')}`);
  return { allowed: statuses.filter((status) => status === 401).length, limited: statuses.filter((status) => status === 429).length };
}

const figures: string[] = [];
after(() => console.log(figures.join('\n')));

for (const backend of ['database', 'redis'] as const) {
  describe(`rate limits in ${backend === 'database' ? 'the database' : 'Redis'}`, () => {
    for (const instances of [1, 3]) {
      test(`R-RATE-1: ${instances} instance(s), ${backend}: ${ATTEMPTS} concurrent attempts from one address allow exactly ${PER_IP}`, async () => {
        const cluster = await limitedCluster(instances, backend, { perIp: PER_IP, perAccount: 1_000 });
        try {
          const statuses = (await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => attempt(cluster, `nobody${i}@spray.test`)))).map((r) => r.status);
          const { allowed, limited } = tally(statuses);
          figures.push(`rate-limit backend=${backend} instances=${instances} scope=ip attempts=${ATTEMPTS} allowed=${allowed} limited=${limited}`);
          assert.equal(allowed, PER_IP);
          assert.equal(limited, ATTEMPTS - PER_IP);
          if (instances > 1) assert.ok(cluster.proxy.served.every((count) => count > 0), 'every instance answered some attempts');
          const limitedAnswer = await attempt(cluster, 'one.more@spray.test');
          assert.equal(limitedAnswer.status, 429);
          assert.equal(limitedAnswer.headers['content-type'], 'application/problem+json; charset=utf-8');
          assert.equal(limitedAnswer.body.code, 'RATE_LIMITED');
        } finally {
          await cluster.close();
        }
      });

      test(`R-RATE-1: ${instances} instance(s), ${backend}: wrong passwords for one account allow exactly ${PER_ACCOUNT}, and a right one after them is still refused`, async () => {
        const cluster = await limitedCluster(instances, backend, { perIp: 1_000, perAccount: PER_ACCOUNT });
        try {
          const org = await cluster.organization('Limits');
          await cluster.member('target', org, 'standardUser');
          const statuses = (await Promise.all(Array.from({ length: 12 }, () => attempt(cluster, 'target')))).map((r) => r.status);
          const { allowed, limited } = tally(statuses);
          figures.push(`rate-limit backend=${backend} instances=${instances} scope=account attempts=12 allowed=${allowed} limited=${limited}`);
          assert.equal(allowed, PER_ACCOUNT);
          assert.equal(limited, 12 - PER_ACCOUNT);
          // The limit is per account, whichever instance is asked: other accounts are unaffected.
          assert.equal((await attempt(cluster, 'someone.else@limits.test')).status, 401);
          for (const instance of cluster.instances) {
            const answer = await request(instance.url).post(`${API}/auth/login`).send({ identifier: 'target', password: 'Scale-Out-2026!pass' });
            assert.equal(answer.status, 429, 'the limit holds on every instance');
          }
        } finally {
          await cluster.close();
        }
      });
    }
  });
}

test('R-RATE-1: signing in correctly is never limited: successful attempts are not counted', async () => {
  const cluster = await limitedCluster(3, 'database', { perIp: 3, perAccount: 3 });
  try {
    const org = await cluster.organization('Often');
    await cluster.member('often', org, 'standardUser');
    for (let i = 0; i < 9; i += 1) {
      const answer = await request(cluster.proxy.url).post(`${API}/auth/login`).send({ identifier: 'often', password: 'Scale-Out-2026!pass' });
      assert.equal(answer.status, 200, `sign-in ${i + 1}`);
    }
  } finally {
    await cluster.close();
  }
});
