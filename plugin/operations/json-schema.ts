// The little of JSON Schema the panel reads from an operation's zod input (z.toJSONSchema): enough
// to pick a field's kind, whether it is required and whether it may be emptied.
import { z } from 'zod';

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly maxLength?: number;
  readonly description?: string;
  readonly title?: string;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

const cache = new WeakMap<z.ZodType, JsonSchema>();

/** The input schema as JSON Schema (cached: operations are declared once). */
export function inputSchema(input: z.ZodType): JsonSchema {
  let schema = cache.get(input);
  if (!schema) {
    schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(input, schema);
  }
  return schema;
}

/** `nullable` and unions come out as anyOf [T, null]: the form knows T. */
export function plain(schema: JsonSchema): JsonSchema {
  const choice = schema.anyOf?.find((option) => option.type !== 'null');
  return choice ? { ...choice, description: schema.description ?? choice.description } : schema;
}

export function typeOf(schema: JsonSchema): string | undefined {
  const own = plain(schema);
  return Array.isArray(own.type) ? own.type.find((type) => type !== 'null') : (own.type as string | undefined);
}

export function isNullable(schema: JsonSchema): boolean {
  return schema.anyOf?.some((option) => option.type === 'null') === true || (Array.isArray(schema.type) && schema.type.includes('null'));
}

/** `currentPassword` → "Current password": a field's name as words, when no label is given. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.|-]+/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
