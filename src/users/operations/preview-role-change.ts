// "What would this change do?" before a user's role is changed (R-POL-2): what the user gains and
// loses in that organisation (the new role starts with every access right on, as the change does),
// with the version the save sends back. Decided exactly as the change itself; nothing is stored.
import { impactAnswer, impactPreviewView, previewChange } from '../../authz/impact-preview.ts';
import { accessRightsChanged, roleChanged } from '../../engine/index.ts';
import { defineOperation } from '../../operations/operation.ts';
import { engineRole } from '../roles.ts';
import { roleChangeImpactBody } from '../schemas.ts';
import { changeUserRole } from './edit-role.ts';

export const previewUserRoleChange = defineOperation({
  key: 'user.previewRoleChange',
  permission: 'user.editRole',
  label: 'Preview a role change',
  summary: "What the user would gain and lose with this role; the answer's version goes with the change (R-POL-2)",
  rules: ['R-POL-2', 'R-SELF-1', 'R-ESC-1', 'R-UNIQ-1', 'R-LAST-1', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: roleChangeImpactBody,
  rest: { method: 'post', path: '/users/:id/role/impact', status: 200, tag: 'users', response: impactPreviewView },
  panel: { resource: 'User', name: 'previewRoleChange', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'This is what the change would do' },
  audit: false,
  transaction: false,
  load: (db, call) => changeUserRole.load(db, call),
  checks: (facts, call) => changeUserRole.checks(facts, call),
  apply: (db, { role }, { ctx, id, input }) => {
    const withRole = roleChanged(id, input.organizationId, engineRole(role));
    const rightsOn = accessRightsChanged(id, input.organizationId, []);
    return previewChange(ctx, db, { id }, (facts) => rightsOn(withRole(facts)));
  },
  view: impactAnswer,
});
