// "What would this change do?" before a user's access rights are saved (R-POL-2): what the user
// gains and loses in that organisation, with the version the save sends back. Decided exactly as
// the change itself; nothing is stored.
import { impactAnswer, impactPreviewView, previewChange } from '../../authz/impact-preview.ts';
import { accessRightsChanged } from '../../engine/index.ts';
import { defineOperation } from '../../operations/operation.ts';
import { accessRightsImpactBody } from '../schemas.ts';
import { setUserAccessRights } from './access-rights.ts';

export const previewUserAccessRights = defineOperation({
  key: 'user.previewAccessRights',
  permission: 'user.editAccessRights',
  label: 'Preview an access-rights change',
  summary: "What the user would gain and lose with these access rights; the answer's version goes with the save (R-POL-2)",
  rules: ['R-POL-2', 'R-ACC-1', 'R-ESC-1', 'R-SELF-1', 'R-OWNER-1', 'R-LAST-1', 'R-TENANT-1', 'R-READ-1'],
  input: accessRightsImpactBody,
  rest: { method: 'post', path: '/users/:id/access-rights/impact', status: 200, tag: 'users', response: impactPreviewView },
  panel: { resource: 'User', name: 'previewAccessRights', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'This is what the change would do' },
  audit: false,
  transaction: false,
  load: (db, call) => setUserAccessRights.load(db, call),
  checks: (facts, call) => setUserAccessRights.checks(facts, call),
  apply: (db, { after }, { ctx, id, input }) => previewChange(ctx, db, { id }, accessRightsChanged(id, input.organizationId, after)),
  view: impactAnswer,
});
