// The organisations feature: its operations (operations/) and its reads.
export { createSubOrganization, organizationOperations, updateOrganization } from './operations/index.ts';
export { getOrganization, listOrganizations } from './service.ts';
export { buildTree, serializeOrganization, type OrganizationNode, type OrganizationView } from './serialize.ts';
export { ancestorsOf } from './tree.ts';
