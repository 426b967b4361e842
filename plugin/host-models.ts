// The host's own Prisma models, for the panel. generated/dmmf.json holds only Gatehouse's models,
// and the host client's runtime data model is trimmed (engineType "client": fields carry only
// name, kind and type; no isId, docs/stack.md), which @adminjs/prisma cannot use as it is. Loading
// getDMMF from @prisma/internals would complete it but costs over a second of start-up and is a
// devDependency; what a read-only list and show need beyond the trimmed model is which field is the
// id and which are optional, and both are read here from the schema text the client carries.
import type { DmmfField, DmmfModel } from './prisma-models.ts';

interface TrimmedModel {
  readonly fields: readonly { readonly name: string; readonly kind: string; readonly type: string; readonly relationName?: string }[];
}

interface ClientInternals {
  readonly _runtimeDataModel?: { readonly models?: Readonly<Record<string, TrimmedModel>> };
  readonly _engineConfig?: { readonly inlineSchema?: string };
}

interface SchemaField {
  readonly optional: boolean;
  readonly list: boolean;
  readonly id: boolean;
}

/** The field lines of one `model Name { … }` block of a Prisma schema: enough to know ids and optionality. */
function schemaFields(schema: string, model: string): Map<string, SchemaField> | null {
  const start = new RegExp(`^model\\s+${model}\\s*\\{`, 'm').exec(schema);
  if (!start) return null;
  const end = schema.indexOf('\n}', start.index);
  const body = schema.slice(start.index + start[0].length, end === -1 ? undefined : end);
  const fields = new Map<string, SchemaField>();
  for (const line of body.split('\n')) {
    const match = /^\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)(\[\])?(\?)?(.*)$/.exec(line);
    if (!match) continue;
    const [, name = '', , list, optional, rest = ''] = match;
    fields.set(name, { optional: optional === '?', list: list === '[]', id: /(^|\s)@id(\s|\(|$)/.test(rest) });
  }
  return fields;
}

/** The host model as @adminjs/prisma reads it: scalar and enum fields only (the panel shows it read-only). */
export function hostModel(client: unknown, name: string): DmmfModel {
  const internals = client as ClientInternals;
  const trimmed = internals._runtimeDataModel?.models?.[name];
  if (!trimmed) throw new Error(`createGatehouse: resources: the Prisma client has no model "${name}"`);
  const schema = internals._engineConfig?.inlineSchema;
  const declared = schema ? schemaFields(schema, name) : null;
  const fields: (DmmfField & { isId: boolean })[] = trimmed.fields
    .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
    .map((field) => {
      const facts = declared?.get(field.name);
      return {
        name: field.name,
        kind: field.kind,
        type: field.type,
        isId: facts ? facts.id : false,
        isList: facts?.list ?? false,
        isRequired: facts ? !facts.optional : false,
        isUnique: false,
        isReadOnly: false, // @adminjs/prisma leaves read-only fields out entirely
        hasDefaultValue: false,
        relationName: null,
      };
    });
  // A schema the reader could not follow still has the conventional `id`.
  if (!fields.some((field) => field.isId)) {
    const conventional = fields.find((field) => field.name === 'id');
    if (!conventional) throw new Error(`createGatehouse: resources: the model "${name}" needs a single id field to be shown in the panel`);
    conventional.isId = true;
  }
  return { name, dbName: null, fields };
}

export function hasField(model: DmmfModel, name: string): boolean {
  return model.fields.some((field) => field.name === name);
}
