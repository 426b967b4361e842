// Gatehouse reads zod 4's internals to build forms and openapi.json from a schema. A zod 3 schema
// (a host still on zod 3) is accepted by TypeScript when the versions' types overlap, and would
// fail only later, as a 500 from openapi.json: it is refused when it is defined instead.

/** Whether a value is a zod 4 schema (zod ^4, or `zod/v4` from zod 3.25). */
export function isZod4Schema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

export function assertZod4Schema(schema: unknown, where: string): void {
  if (isZod4Schema(schema)) return;
  const zod3 = typeof schema === 'object' && schema !== null && '_def' in schema;
  throw new Error(
    `${where} must be a zod 4 schema${zod3 ? ', and this one comes from zod 3' : ''}: Gatehouse builds its forms and openapi.json from zod 4. ` +
      "Install zod@^4 (import { z } from 'zod'), or on zod 3.25 import { z } from 'zod/v4'.",
  );
}
