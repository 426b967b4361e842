// Permission policies (R-POL-1): the services the REST routes and the AdminJS panel call.
export { createPolicy, type CreatePolicyInput } from './create-policy.ts';
export { deletePolicy } from './delete-policy.ts';
export { getPolicy, listPolicies, type ListPoliciesInput } from './read-policies.ts';
export { updatePolicy, type UpdatePolicyInput } from './update-policy.ts';
export type { PolicyView } from './policy-record.ts';
