// The models AdminJS is given: the full DMMF written by `prisma:generate` (the runtime one of the
// WebAssembly engine lacks ids and relations, docs/stack.md), minus the secret columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretFields } from '../src/db/secret-fields.ts';
import { packageRoot } from './package-root.ts';

export interface DmmfField {
  readonly name: string;
  readonly kind: string;
  readonly type: string;
  readonly relationName?: string | null;
  readonly relationFromFields?: readonly string[];
  readonly [key: string]: unknown;
}
export interface DmmfModel {
  readonly name: string;
  readonly fields: readonly DmmfField[];
  readonly [key: string]: unknown;
}
export interface Datamodel {
  readonly models: readonly DmmfModel[];
  readonly enums: readonly { readonly name: string; readonly [key: string]: unknown }[];
}

const dmmfFile = join(packageRoot, 'generated', 'dmmf.json');

let datamodel: Datamodel | null = null;
export function fullDatamodel(): Datamodel {
  datamodel ??= JSON.parse(readFileSync(dmmfFile, 'utf8')) as Datamodel;
  return datamodel;
}

/** The model without its secret fields (and without the foreign keys that point at hidden data). */
export function panelModel(name: string): DmmfModel {
  const model = fullDatamodel().models.find((candidate) => candidate.name === name);
  if (!model) throw new Error(`no Prisma model ${name}`);
  const hidden = new Set(secretFields[name] ?? []);
  return { ...model, fields: model.fields.filter((field) => !hidden.has(field.name)) };
}

/** What @adminjs/prisma reads enums from, in place of the generated client module. */
export function clientModule(): { Prisma: { dmmf: { datamodel: Datamodel } } } {
  return { Prisma: { dmmf: { datamodel: fullDatamodel() } } };
}
