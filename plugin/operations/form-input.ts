// A form's values as the operation's input: the same body a REST client would send. Text comes in
// as text; the input schema says what an empty field means (left out, or null where the field may be
// emptied) and which fields are numbers or yes/no. Combined fields (`organizationId|roleId` = "a|b")
// are split, nested ones (`scope.product`) nested. Whatever is not a form value (a REST-shaped body
// sent as is) passes through unchanged, and the operation's schema validates the result either way.
import type { z } from 'zod';
import { isNullable, inputSchema, typeOf } from './json-schema.ts';

type Values = Record<string, unknown>;

function fromText(value: string, schema: ReturnType<typeof inputSchema> | undefined, required: boolean): { keep: boolean; value?: unknown } {
  if (value === '' && !required) return schema && isNullable(schema) ? { keep: true, value: null } : { keep: false };
  const type = schema ? typeOf(schema) : undefined;
  if ((type === 'number' || type === 'integer') && value.trim() !== '') return { keep: true, value: Number(value) };
  if (type === 'boolean' && (value === 'true' || value === 'false')) return { keep: true, value: value === 'true' };
  return { keep: true, value };
}

export function formInput(input: z.ZodType, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const schema = inputSchema(input);
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const out: Values = {};
  for (const [name, value] of Object.entries(raw as Values)) {
    if (name.includes('|')) {
      const parts = name.split('|');
      const pieces = typeof value === 'string' && value !== '' ? value.split('|') : [];
      parts.forEach((part, index) => {
        if (pieces[index] !== undefined) out[part] = pieces[index];
      });
      continue;
    }
    if (name.includes('.')) {
      const [parent, child] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
      const nested = (out[parent] ??= {}) as Values;
      const empty = value === '' || (Array.isArray(value) && value.length === 0);
      if (!empty) nested[child] = value;
      continue;
    }
    if (typeof value !== 'string') {
      out[name] = value;
      continue;
    }
    const converted = fromText(value, properties[name], required.has(name));
    if (converted.keep) out[name] = converted.value;
  }
  return out;
}
