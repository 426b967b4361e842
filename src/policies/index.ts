// Permission policies (R-POL-1): the operations (operations/) and the reads.
export { createPolicy, deletePolicy, policyOperations, updatePolicy } from './operations/index.ts';
export { getPolicy, listPolicies, type ListPoliciesInput } from './read-policies.ts';
export type { PolicyView } from './policy-record.ts';
