// setup(): a host app with Gatehouse mounted at /admin over a fresh, migrated SQLite database of
// its own, a controllable clock, cheap password hashing and a mailbox that captures what is sent.
// One per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { GatehouseOptions } from '../../src/config/options.ts';
import { createGatehouse, type Gatehouse } from '../../src/index.ts';
import { type DatabaseLocation, freshDatabase } from './database-url.ts';
import { Mailbox } from './mailbox.ts';

export class TestClock {
  #now: number;
  constructor(start = Date.parse('2026-11-22T09:00:00Z')) {
    this.#now = start;
  }
  now = (): Date => new Date(this.#now);
  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface TestSetup {
  readonly app: Express;
  readonly gatehouse: Gatehouse;
  readonly prisma: Gatehouse['context']['prisma'];
  readonly clock: TestClock;
  readonly dir: string;
  readonly databaseUrl: string;
  /** What the mail transport received (the default `mail.onMessage`), in clear. */
  readonly mailbox: Mailbox;
  close(): Promise<void>;
}

export const silentLogger = { info() {}, warn() {}, error() {} };

export async function setup(options: Partial<GatehouseOptions> = {}): Promise<TestSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const location = options.databaseUrl ? null : freshDatabase(dir);
  const databaseUrl = options.databaseUrl ?? (location as DatabaseLocation).url;
  const clock = new TestClock();
  const mailbox = new Mailbox();
  const gatehouse = await createGatehouse({
    databaseUrl,
    secret: 'test-secret-test-secret-test-secret',
    mountPath: '/admin',
    passwordHashing: { memoryKiB: 1024, passes: 1 },
    clock: clock.now,
    logger: silentLogger,
    ...options,
    mail: { onMessage: mailbox.capture, ...options.mail },
  });
  const app = express();
  app.use('/admin', gatehouse.router);
  return {
    app,
    gatehouse,
    prisma: gatehouse.context.prisma,
    clock,
    dir,
    databaseUrl,
    mailbox,
    async close() {
      await gatehouse.close();
      await location?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
