// "What would this change do?" before a policy's grants are saved (R-POL-2): who gains and who
// loses which permissions, over every holder of every role carrying the policy, with the version
// the save sends back. Decided exactly as the edit itself, and nothing is stored or audited.
import { impactAnswer } from '../../authz/impact-preview.ts';
import { defineOperation } from '../../operations/operation.ts';
import { parsePolicyGrants } from '../../permissions/grants.ts';
import { policyEditImpact } from '../impact.ts';
import { findPolicy } from '../policy-record.ts';
import { policyImpactBody, policyImpactView } from '../schema.ts';
import { editChecks, editRefusal } from './update.ts';

export const previewPolicyUpdate = defineOperation({
  key: 'policy.previewUpdate',
  permission: 'policy.manage',
  label: 'Preview a policy change',
  summary: "Who would gain and who would lose which permissions if the policy's grants became these; the answer's version goes with the save (R-POL-2)",
  rules: ['R-POL-2', 'R-ESC-1', 'R-ROLE-2', 'R-TENANT-1', 'R-READ-1'],
  input: policyImpactBody,
  rest: { method: 'post', path: '/policies/:id/impact', status: 200, tag: 'policies', response: policyImpactView },
  // Asked by the policy's edit page before it saves (PermissionPicker.tsx); not a button of its own.
  panel: { resource: 'PermissionPolicy', name: 'previewUpdate', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'This is what the change would do' },
  audit: false,
  // Reading every holder's facts is long on a big organisation: no transaction holds the database meanwhile.
  transaction: false,
  async load(db, { ctx, id, input }) {
    return { policy: await findPolicy(db, id), grants: parsePolicyGrants(ctx.catalog, input.grants) };
  },
  checks: ({ policy, grants }) => editChecks(policy, grants, 'previewUpdate'),
  refuse: ({ policy, grants }, { ctx }) => editRefusal(ctx, policy, grants),
  apply: (db, { policy, grants }, { ctx }) => policyEditImpact(ctx, db, policy.id, grants),
  view: impactAnswer,
});
