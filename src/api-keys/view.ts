// What leaves Gatehouse about an API key: never the key (shown once, at creation) nor its hash.
import { z } from 'zod';

export const keySelect = { id: true, name: true, prefix: true, organizationId: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type KeyRow = { id: string; name: string; prefix: string; organizationId: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The visible start of the key'),
  organizationId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Updated at most once an hour'),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;

export function serializeKey(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    organizationId: row.organizationId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
