// The form of a panel action, derived from the operation's input schema: one field per property,
// its kind from the schema (enum → choice, array → lines or checkboxes, e-mail, long text), whether
// it is required; the operation's form hints add labels in words, choices the engine allows, values
// and help. A hint whose name combines fields (`organizationId|roleId`, one choice giving both) or
// nests them (`scope.product`) stands in for those fields.
import type { FieldHint, FormHints } from '../../src/operations/operation.ts';
import type { FormField, FormSpec } from '../components/form-spec.ts';
import { humanize, inputSchema, type JsonSchema, plain, typeOf } from './json-schema.ts';
import type { z } from 'zod';

/** The schema fields a synthetic field stands for. */
function coveredBy(name: string): string[] {
  if (name.includes('|')) return name.split('|');
  if (name.includes('.')) return [name.slice(0, name.indexOf('.'))];
  return [];
}

function kindOf(name: string, schema: JsonSchema | undefined): FormField['type'] {
  if (!schema) return 'text';
  const own = plain(schema);
  if (own.enum) return 'select';
  const type = typeOf(schema);
  if (type === 'boolean') return 'select';
  if (type === 'array') return plain(own.items ?? {}).enum ? 'checkboxes' : 'lines';
  if (/password/i.test(name)) return 'password';
  if (type === 'string' && own.format === 'email') return 'email';
  if (type === 'string' && own.format === 'date-time') return 'datetime';
  if (type === 'string' && (own.maxLength ?? 0) > 500) return 'textarea';
  return 'text';
}

function optionsOf(schema: JsonSchema | undefined): FormField['options'] {
  if (!schema) return undefined;
  const own = plain(schema);
  const values = own.enum ?? (typeOf(schema) === 'boolean' ? ['true', 'false'] : plain(own.items ?? {}).enum);
  return values?.map((value) => ({ value: String(value), label: value === 'true' ? 'Yes' : value === 'false' ? 'No' : humanize(String(value)) }));
}

/**
 * An input's description as a form's help: the API's own words, without the rule ids it names for
 * API readers ("… (R-IP-1)") — staff read words, not rule ids.
 */
function helpOf(description: string | undefined): string | undefined {
  return description?.replace(/\s*\((?:R-[A-Z]+-\d+(?:,\s*)?)+\)/g, '').replace(/`/g, '');
}

function fieldOf(name: string, schema: JsonSchema | undefined, required: boolean, hint: FieldHint): FormField {
  const help = hint.help ?? helpOf(schema ? plain(schema).description : undefined);
  const options = hint.options ?? optionsOf(schema);
  return {
    name,
    label: hint.label ?? (schema ? plain(schema).title : undefined) ?? humanize(name),
    type: hint.type ?? kindOf(name, schema),
    required,
    ...(help ? { help } : {}),
    ...(options ? { options } : {}),
    ...(hint.value !== undefined ? { value: hint.value } : {}),
    ...(hint.reloads ? { reloads: true } : {}),
    ...(hint.matches ? { matches: hint.matches } : {}),
    ...(hint.placeholder ? { placeholder: hint.placeholder } : {}),
  };
}

export function formOf(input: z.ZodType, hints: FormHints, submitLabel: string): FormSpec {
  const schema = inputSchema(input);
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const hinted = hints.fields ?? {};
  // Fields only the form has: combined or nested stand-ins, and confirmations.
  const synthetic = Object.keys(hinted).filter((name) => coveredBy(name).length > 0 || hinted[name]?.matches !== undefined);
  const covered = new Set(synthetic.flatMap(coveredBy));
  const names = hints.order ?? [...Object.keys(properties), ...synthetic];
  const missing = [...Object.keys(properties), ...synthetic].filter((name) => !names.includes(name));
  const fields: FormField[] = [];
  for (const name of [...names, ...missing]) {
    const hint = hinted[name] ?? {};
    // A save's previewVersion comes from its preview (ActionForm adds it), never from a person.
    if (covered.has(name) || name === 'previewVersion') continue;
    if (hint.hidden) {
      // A choice with one possible answer is not asked, but still sent: without it the submit would
      // lack a required field (a user in one organisation has only that one to limit or to edit).
      if (hint.type === 'select' && typeof hint.value === 'string' && hint.value !== '') fields.push({ name, label: hint.label ?? humanize(name), type: 'hidden', required: false, value: hint.value });
      continue;
    }
    const parts = coveredBy(name);
    // A confirmation is needed exactly when the field it confirms is.
    const isRequired = hint.matches !== undefined ? required.has(hint.matches) : parts.length > 0 ? parts.some((part) => required.has(part)) && !name.includes('.') : required.has(name);
    fields.push(fieldOf(name, properties[name], isRequired, hint));
  }
  return {
    ...(hints.intro ? { intro: hints.intro } : {}),
    fields,
    submitLabel: hints.submitLabel ?? submitLabel,
    ...(hints.confirm ? { confirm: hints.confirm } : {}),
    ...(hints.preview ? { preview: hints.preview } : {}),
  };
}
