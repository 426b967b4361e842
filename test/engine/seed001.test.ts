// Seed 001: the role table ("Role / Description / Permissions") row by row, and the many-to-many accounts.
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed001;
const admin = actorOf(p, 'u-admin', [member(p, 'administrator', 'acme', { isOwner: true })]);
const admin2 = actorOf(p, 'u-admin2', [member(p, 'administrator', 'acme')]);
const fin = actorOf(p, 'u-fin', [member(p, 'financial', 'acme')]);
const pur = actorOf(p, 'u-pur', [member(p, 'purchaser', 'acme')]);
const sup = actorOf(p, 'u-sup', [member(p, 'support', 'acme')]);
const tech = actorOf(p, 'u-tech', [member(p, 'technical', 'acme')]);
// "A user can be linked to multiple accounts": Financial here, Technical there.
const multi = actorOf(p, 'u-multi', [member(p, 'financial', 'acme'), member(p, 'technical', 'globex')]);
const initechAdmin = actorOf(p, 'u-initech', [member(p, 'administrator', 'initech')]);

const acme = orgTarget('acme');
const globex = orgTarget('globex');
const ticket = (category: string, org = 'acme') => ({ action: `ticket.manage.${category}`, target: recordTarget('ticket', `t-${category}`, org) });
const adminT = userTarget('u-admin', ['acme'], { isOwner: true });
const finT = userTarget('u-fin', ['acme']);
const multiT = userTarget('u-multi', ['acme', 'globex']);

const categories = ['billing', 'sales', 'provisioning', 'cancellations', 'technical', 'general'] as const;
const commercial = ['billing', 'sales', 'provisioning', 'cancellations'] as const;

runTable(p, [
  // Administrator: "Manage users, purchase and manage services, handle billing, and create/manage support tickets."
  ...categories.map((c) => allow(`Administrator manages ${c} tickets`, admin2, ticket(c).action, ticket(c).target)),
  allow('Administrator invites a user', admin2, 'user.invite', acme),
  allow("Administrator edits another user's profile", admin2, 'user.edit', finT),
  allow('Administrator purchases services', admin2, 'service.purchase', acme),
  allow('Administrator pays invoices', admin2, 'billing.pay', acme),
  deny("another Administrator cannot edit the account owner's profile", admin2, 'user.edit', adminT, 'R-OWNER-1'),
  deny('the Administrator cannot disable themself', admin, 'user.disable', adminT, 'R-SELF-1'),
  // Financial: "View and pay invoices, update payment details. Manage support tickets: Billing, Sales, Provisioning, Cancellations"
  allow('Financial views invoices', fin, 'billing.view', acme),
  allow('Financial pays invoices', fin, 'billing.pay', acme),
  allow('Financial updates payment details', fin, 'billing.paymentDetails', acme),
  ...commercial.map((c) => allow(`Financial manages ${c} tickets`, fin, ticket(c).action, ticket(c).target)),
  deny('Financial cannot manage technical tickets', fin, ticket('technical').action, ticket('technical').target, 'R-PERM-1'),
  deny('Financial cannot purchase services', fin, 'service.purchase', acme, 'R-PERM-1'),
  deny('Financial cannot invite users', fin, 'user.invite', acme, 'R-PERM-1'),
  // Purchaser: "View, purchase, and manage services. Manage support tickets: Billing, Sales, Provisioning, Cancellations"
  allow('Purchaser views services', pur, 'service.view', acme),
  allow('Purchaser purchases services', pur, 'service.purchase', acme),
  allow('Purchaser manages services', pur, 'service.manage', acme),
  ...commercial.map((c) => allow(`Purchaser manages ${c} tickets`, pur, ticket(c).action, ticket(c).target)),
  deny('Purchaser cannot pay invoices', pur, 'billing.pay', acme, 'R-PERM-1'),
  deny('Purchaser cannot manage general tickets', pur, ticket('general').action, ticket('general').target, 'R-PERM-1'),
  // Support: "View and manage support tickets. No access to Billing, Sales, Provisioning and Cancellations support tickets"
  allow('Support manages technical tickets', sup, ticket('technical').action, ticket('technical').target),
  allow('Support manages general tickets', sup, ticket('general').action, ticket('general').target),
  ...commercial.map((c) => deny(`Support has no access to ${c} tickets`, sup, ticket(c).action, ticket(c).target, 'R-PERM-1')),
  deny("Support cannot edit another user's profile", sup, 'user.edit', finT, 'R-PERM-1'),
  // Technical: "View and manage all infrastructure resources. No support ticket access"
  allow('Technical views infrastructure', tech, 'infrastructure.view', acme),
  allow('Technical manages infrastructure', tech, 'infrastructure.manage', recordTarget('infrastructure', 'vm-1', 'acme')),
  ...categories.map((c) => deny(`Technical has no ${c} ticket access`, tech, ticket(c).action, ticket(c).target, 'R-PERM-1')),
  // Many-to-many: the role is per account.
  allow('a Financial user pays invoices in the account where they are Financial', multi, 'billing.pay', acme),
  deny('…but not in the account where they are Technical', multi, 'billing.pay', globex, 'R-PERM-1'),
  allow('a user who is Technical in another account manages infrastructure there', multi, 'infrastructure.manage', globex),
  deny('…but not in the account where they are Financial', multi, 'infrastructure.manage', acme, 'R-PERM-1'),
  allow("an account's Administrator sees a user who also belongs to other accounts", admin2, 'user.view', multiT),
  deny('an Administrator of an unrelated account does not see that user', initechAdmin, 'user.view', multiT, 'R-TENANT-1'),
  deny('an Administrator of an unrelated account cannot invite into this one', initechAdmin, 'user.invite', acme, 'R-TENANT-1'),
  // "First name and last name can be updated at any time"; "Password changes require the current password" (service-side).
  allow('any user edits their own name', sup, 'user.edit', userTarget('u-sup', ['acme']), 'R-SELF-2'),
  allow('any user changes their own password', fin, 'user.setPassword', finT, 'R-SELF-2'),
  allow('any user enables their own 2FA', tech, 'user.setMfa', userTarget('u-tech', ['acme']), 'R-SELF-2'),
  deny('a user cannot change their own role', fin, 'user.editRole', finT, 'R-SELF-1'),
]);
