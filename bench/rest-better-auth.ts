// better-auth, as a host would use it instead: its `getSession` on a signed-in cookie (a session
// read and a user read through its Kysely adapter over better-sqlite3), on the same SQLite file
// as the Gatehouse target. Its tables get their own names: SQLite table names ignore case, and
// better-auth's `user` would be Gatehouse's `User`.
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { fromNodeHeaders } from 'better-auth/node';
import express, { type Express } from 'express';

export async function betterAuthApp(file: string, password: string): Promise<{ app: Express; cookie: string; close(): void }> {
  const db = new Database(file);
  const auth = betterAuth({
    database: db,
    secret: 'bench-better-auth-secret-bench-better-auth',
    baseURL: 'http://127.0.0.1',
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    user: { modelName: 'ba_user' },
    session: { modelName: 'ba_session' },
    account: { modelName: 'ba_account' },
    verification: { modelName: 'ba_verification' },
  });
  await (await getMigrations(auth.options)).runMigrations();
  const signUp = await auth.api.signUpEmail({ body: { email: 'manager@bench.test', password, name: 'Bench Manager' }, asResponse: true });
  if (signUp.status !== 200) throw new Error(`better-auth sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  const app = express();
  app.get('/ba/session', async (req, res) => {
    const found = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
    if (!found) {
      res.status(401).end();
      return;
    }
    res.json(found);
  });
  return { app, cookie, close: () => db.close() };
}
