// "What would this change do?" before a role's policy list is saved (R-POL-2): who gains and who
// loses which permissions, over every member holding the role, with the version the save sends
// back. Decided exactly as the edit itself; nothing is stored or audited.
import { holdersOfRole } from '../../authz/access-version.ts';
import { impactAnswer, impactPreviewView, previewChange } from '../../authz/impact-preview.ts';
import { rolePoliciesChanged } from '../../engine/index.ts';
import { defineOperation } from '../../operations/operation.ts';
import { roleImpactBody } from '../schema.ts';
import { loadRoleChange, roleChangeChecks, roleChangeRefusal } from './update.ts';

export const previewRoleUpdate = defineOperation({
  key: 'role.previewUpdate',
  permission: 'role.manage',
  label: 'Preview a role change',
  summary: "Who would gain and who would lose which permissions if the role's policies became these; the answer's version goes with the save (R-POL-2)",
  rules: ['R-POL-2', 'R-ESC-1', 'R-ROLE-1', 'R-MIG-1', 'R-TENANT-1', 'R-READ-1'],
  input: roleImpactBody,
  rest: { method: 'post', path: '/roles/:id/impact', status: 200, tag: 'roles', response: impactPreviewView },
  // Asked by the role's edit form before it saves (ActionForm's preview step); not a button of its own.
  panel: { resource: 'Role', name: 'previewUpdate', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'This is what the change would do' },
  audit: false,
  transaction: false,
  load: (db, { ctx, id, input }) => loadRoleChange(ctx, db, id, input),
  checks: (facts) => roleChangeChecks(facts, 'previewUpdate'),
  refuse: (facts, { ctx }) => roleChangeRefusal(ctx, facts),
  apply: (db, { role, change }, { ctx }) => previewChange(ctx, db, holdersOfRole(role.id), change?.policies ? rolePoliciesChanged(role.id, change.policies) : (facts) => facts),
  view: impactAnswer,
});
