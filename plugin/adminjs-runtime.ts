// Everything the panel's server code takes from AdminJS at run time, in one module. `npm run build`
// replaces its compiled form (dist/plugin/adminjs-runtime.js) with one bundled file
// (scripts/adminjs-runtime-bundle.ts): importing AdminJS module by module reads some 1 900 files,
// over a second before the panel's first page; the bundle loads in a quarter of that. Types still
// come from the packages themselves; the tests, on the sources, import the packages unbundled.
export { default as AdminJS, BaseRecord, BaseResource, ComponentLoader } from 'adminjs';
export { buildRouter } from '@adminjs/express';
export { convertFilter, Resource as PrismaResource } from '@adminjs/prisma';
