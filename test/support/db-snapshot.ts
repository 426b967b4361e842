// Snapshot, compare and restore every row Gatehouse keeps, inside the database itself (a copy table
// per model), on SQLite and PostgreSQL alike. A test can run one change, read exactly what it changed,
// and put the database back as it was to run the same change another way.
// Sessions are left alone (the test's signed-in clients live there), and so is anything that is not
// one of Gatehouse's models.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatehousePrisma } from '../../src/db/client.ts';

const root = join(import.meta.dirname, '..', '..');
const SKIPPED = new Set(['Session']);

interface DmmfModel {
  readonly name: string;
  readonly dbName: string | null;
  readonly fields: readonly { readonly name: string; readonly dbName?: string | null; readonly kind: string; readonly type: string }[];
}

const models = (): DmmfModel[] => (JSON.parse(readFileSync(join(root, 'generated', 'dmmf.json'), 'utf8')) as { models: DmmfModel[] }).models.filter((model) => !SKIPPED.has(model.dbName ?? model.name));

/** Gatehouse's tables: one per model of the schema. */
export function modelTables(): string[] {
  return models().map((model) => model.dbName ?? model.name);
}

/**
 * What a comparison selects from a table: every column, binary ones (a passkey's public key) as
 * hex text, which the driver adapters read in raw queries where they refuse a BLOB.
 */
function comparedColumns(provider: 'sqlite' | 'postgresql'): Map<string, string> {
  const out = new Map<string, string>();
  for (const model of models()) {
    const binary = model.fields.filter((field) => field.kind === 'scalar' && field.type === 'Bytes');
    if (binary.length === 0) continue;
    const columns = model.fields.filter((field) => field.kind === 'scalar').map((field) => {
      const column = `"${field.dbName ?? field.name}"`;
      if (field.type !== 'Bytes') return column;
      return provider === 'sqlite' ? `hex(${column}) AS ${column}` : `encode(${column}, 'hex') AS ${column}`;
    });
    out.set(model.dbName ?? model.name, columns.join(', '));
  }
  return out;
}

export interface Snapshots {
  take(): Promise<void>;
  /** Rows present now and not in the snapshot (`added`), and the other way round (`removed`), per table. */
  changes(): Promise<Record<string, { added: Record<string, unknown>[]; removed: Record<string, unknown>[] }>>;
  restore(): Promise<void>;
}

/** `name` keeps several snapshots apart (a base state, and one per run). */
export function snapshots(prisma: GatehousePrisma, provider: 'sqlite' | 'postgresql', databaseUrl: string, name: string): Snapshots {
  const schema = provider === 'postgresql' ? (new URL(databaseUrl).searchParams.get('schema') ?? 'public') : null;
  const table = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
  const copy = (model: string) => table(`_snapshot_${name}_${model}`);
  const tables = modelTables();
  const compared = comparedColumns(provider);
  const columns = (model: string) => compared.get(model) ?? '*';
  const raw = prisma as unknown as {
    $executeRawUnsafe(sql: string): Promise<number>;
    $queryRawUnsafe<T>(sql: string): Promise<T>;
    $transaction<T>(run: (tx: { $executeRawUnsafe(sql: string): Promise<number> }) => Promise<T>, options?: object): Promise<T>;
  };
  return {
    async take() {
      for (const model of tables) {
        await raw.$executeRawUnsafe(`DROP TABLE IF EXISTS ${copy(model)}`);
        await raw.$executeRawUnsafe(`CREATE TABLE ${copy(model)} AS SELECT * FROM ${table(model)}`);
      }
    },
    async changes() {
      const out: Record<string, { added: Record<string, unknown>[]; removed: Record<string, unknown>[] }> = {};
      for (const model of tables) {
        const added = await raw.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${columns(model)} FROM ${table(model)} EXCEPT SELECT ${columns(model)} FROM ${copy(model)}`);
        const removed = await raw.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${columns(model)} FROM ${copy(model)} EXCEPT SELECT ${columns(model)} FROM ${table(model)}`);
        if (added.length + removed.length > 0) out[model] = { added, removed };
      }
      return out;
    },
    async restore() {
      await raw.$transaction(
        async (tx) => {
          // Foreign keys are checked at commit (SQLite) or not at all while copying back (PostgreSQL).
          await tx.$executeRawUnsafe(provider === 'sqlite' ? 'PRAGMA defer_foreign_keys = ON' : 'SET LOCAL session_replication_role = replica');
          for (const model of tables) {
            await tx.$executeRawUnsafe(`DELETE FROM ${table(model)}`);
            await tx.$executeRawUnsafe(`INSERT INTO ${table(model)} SELECT * FROM ${copy(model)}`);
          }
        },
        { timeout: 30_000, maxWait: 30_000 },
      );
    },
  };
}
