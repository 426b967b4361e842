// The floor of bench:rest: what this stack costs with nothing of Gatehouse in it. Express 5 and
// express-session (the same versions Gatehouse uses) over a minimal better-sqlite3 session store,
// and one prepared statement reading the user — on the same SQLite file as the Gatehouse target.
// Same app shape as Gatehouse: a router mounted under a path of the host app, the session on that
// router. A signed-in request cannot cost less than this on this stack, so it is the yardstick for
// the guarded route. `withHelmet` adds the security headers Gatehouse's router sends (helmet).
import Database from 'better-sqlite3';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';

class FloorSessionStore extends session.Store {
  readonly #read: Database.Statement<[string], { data: string; expiresAt: number }>;
  readonly #write: Database.Statement<[string, string, number]>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    super();
    db.exec('CREATE TABLE IF NOT EXISTS "FloorSession" ("id" TEXT PRIMARY KEY, "data" TEXT NOT NULL, "expiresAt" INTEGER NOT NULL)');
    this.#read = db.prepare('SELECT "data", "expiresAt" FROM "FloorSession" WHERE "id" = ?');
    this.#write = db.prepare('INSERT INTO "FloorSession" ("id", "data", "expiresAt") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt"');
    this.#delete = db.prepare('DELETE FROM "FloorSession" WHERE "id" = ?');
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void): void {
    const row = this.#read.get(sid);
    callback(null, row && row.expiresAt > Date.now() ? (JSON.parse(row.data) as session.SessionData) : null);
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.#write.run(sid, JSON.stringify(data), Date.now() + (data.cookie.maxAge ?? 86_400_000));
    callback?.();
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.#delete.run(sid);
    callback?.();
  }
}

/** The floor app: `POST /floor/login` signs the given user in, `GET /floor/users/:id` reads a user. */
export function floorApp(file: string, userId: string, options: { withHelmet?: boolean } = {}): { app: Express; close(): void } {
  const db = new Database(file);
  const readUser = db.prepare('SELECT "id", "email", "username", "firstName", "lastName", "status", "createdAt", "updatedAt" FROM "User" WHERE "id" = ?');
  const app = express();
  const router = express.Router();
  if (options.withHelmet) router.use(helmet());
  router.use(
    session({
      name: 'floor.sid',
      secret: 'floor-secret-floor-secret-floor',
      store: new FloorSessionStore(db),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', maxAge: 86_400_000 },
    }),
  );
  router.post('/login', (req, res) => {
    req.session.userId = userId;
    res.json({ ok: true });
  });
  router.get('/users/:id', (req, res) => {
    if (!req.session.userId) {
      res.status(401).end();
      return;
    }
    const user = readUser.get(req.params.id);
    if (!user) {
      res.status(404).end();
      return;
    }
    res.json(user);
  });
  app.use('/floor', router);
  return { app, close: () => db.close() };
}
