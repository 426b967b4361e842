// The sessions list as the OpenAPI document describes it (src/auth/user-sessions.ts shapes it).
import { z } from 'zod';

export const sessionItemView = z.object({
  id: z.string().describe('The session\'s public id (never the session cookie)'),
  current: z.boolean().describe('The session this request came with'),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const sessionListView = z.object({ items: z.array(sessionItemView), total: z.number() });
