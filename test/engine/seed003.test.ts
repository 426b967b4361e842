// Seed 003: the owner always has full access; invited users hold the areas ticked for them (the
// others are switched off), and only account administration may invite.
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed003;
const areas = Object.fromEntries(p.accessRights.map((right) => [right.key, right.permissions]));
/** The rights an invitee did not get: every area but the chosen ones. */
const switchedOffExcept = (...chosen: string[]) =>
  p.accessRights.filter((right) => !chosen.includes(right.key)).flatMap((right) => right.permissions);

// Even with rights switched off, "account owners always have full access".
const owner = actorOf(p, 'u-owner', [member(p, 'owner', 'acme', { isOwner: true, disabledRights: ['billing.pay', 'user.invite'] })]);
const admin = actorOf(p, 'u-admin', [member(p, 'member', 'acme')]);
const services = actorOf(p, 'u-svc', [member(p, 'member', 'acme', { disabledRights: switchedOffExcept('services') })]);
const servicesAdmin = actorOf(p, 'u-svcadm', [
  member(p, 'member', 'acme', { disabledRights: switchedOffExcept('services', 'accountAdministration') }),
]);

const acme = orgTarget('acme');
const ownerT = userTarget('u-owner', ['acme'], { isOwner: true });
const servicesT = userTarget('u-svc', ['acme']);
const adminT = userTarget('u-admin', ['acme']);
const invite = (...rights: string[]) => orgTarget('acme', { grants: rights.flatMap((key) => areas[key] ?? []).map((permission) => ({ permission })) });

runTable(p, [
  allow('the owner pays invoices even with billing switched off', owner, 'billing.pay', acme),
  allow('the owner invites users', owner, 'user.invite', acme),
  allow('the owner invites a user with every area', owner, 'user.invite', invite('services', 'domains', 'billing', 'supportRequests', 'accountAdministration')),
  allow('the owner transfers ownership', owner, 'org.transferOwnership', acme, 'R-OWNER-2'),
  deny('an account administrator cannot transfer ownership', admin, 'org.transferOwnership', acme, 'R-OWNER-2'),
  // Step 3: services, domains, billing, support requests, account administration
  allow('a user with Services manages a service', services, 'service.manage', recordTarget('service', 'vps-1', 'acme')),
  deny('a user with Services only cannot manage domains', services, 'domain.manage', recordTarget('domain', 'example.com', 'acme'), 'R-ACC-1'),
  deny('a user with Services only does not see billing', services, 'billing.view', acme, 'R-ACC-1'),
  deny('a user with Services only does not see support requests', services, 'ticket.view', acme, 'R-ACC-1'),
  deny('a user with Services only does not see the user list', services, 'user.view', adminT, 'R-ACC-1'),
  // "I cannot invite new users: check that you have the necessary administrator rights"
  deny('a user without account administration cannot invite', services, 'user.invite', acme, 'R-ACC-1'),
  allow('a user with account administration invites', admin, 'user.invite', acme),
  allow('an account administrator invites with the areas they hold', servicesAdmin, 'user.invite', invite('services')),
  deny('an account administrator cannot invite with an area they lack', servicesAdmin, 'user.invite', invite('billing'), 'R-ESC-1'),
  allow("an account administrator switches a user's areas", admin, 'user.editAccessRights', servicesT),
  deny("an account administrator cannot change the owner's rights", admin, 'user.editAccessRights', ownerT, 'R-OWNER-1'),
  deny('an account administrator cannot remove the owner', admin, 'user.remove', ownerT, 'R-OWNER-1'),
  allow('an account administrator removes a user', admin, 'user.remove', servicesT),
  deny('an account administrator cannot change their own rights', admin, 'user.editAccessRights', adminT, 'R-SELF-1'),
  deny('a member cannot be made owner by a role change', owner, 'user.editRole', userTarget('u-admin', ['acme'], {
    change: { assignsRole: { id: 'seed003:owner', uniquePerOrganization: false, ownerOnly: true } },
  }), 'R-OWNER-2'),
  deny('the last account administrator cannot be locked', owner, 'user.lock', userTarget('u-admin', ['acme'], { isLastManager: true }), 'R-LAST-1'),
  allow('an account administrator who is not the last one can be locked', owner, 'user.lock', adminT),
  deny("another customer's account is out of reach", admin, 'user.invite', orgTarget('globex'), 'R-TENANT-1'),
  allow('any user edits their own profile', services, 'user.edit', servicesT, 'R-SELF-2'),
]);
