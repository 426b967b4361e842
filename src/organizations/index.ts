// The organisation services, for the REST routes and the AdminJS panel alike.
export {
  createSubOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
  type CreateOrganizationInput,
  type UpdateOrganizationInput,
} from './service.ts';
export { buildTree, serializeOrganization, type OrganizationNode, type OrganizationView } from './serialize.ts';
export { ancestorsOf } from './tree.ts';
