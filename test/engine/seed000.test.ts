// Seed 000: each row quotes or paraphrases the seed's help page.
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed000;
const owner = actorOf(p, 'u-owner', [member(p, 'accountOwner', 'acme', { isOwner: true })]);
const admin = actorOf(p, 'u-admin', [member(p, 'administrator', 'acme')]);
const tech = actorOf(p, 'u-tech', [member(p, 'technical', 'acme', { scope: { product: ['12', '40'] } })]);
const book = actorOf(p, 'u-book', [member(p, 'invoiceReadOnly', 'acme')]);
const outsider = actorOf(p, 'u-out', [member(p, 'administrator', 'globex')]);

const acme = orgTarget('acme');
// The targets carry what they hold: decisions on their credentials are judged on it (R-ESC-2).
const ownerT = userTarget('u-owner', ['acme'], { isOwner: true, holder: owner });
const adminT = userTarget('u-admin', ['acme'], { holder: admin });
const techT = userTarget('u-tech', ['acme'], { holder: tech });
const bookT = userTarget('u-book', ['acme'], { holder: book });
const product = (id: string) => recordTarget('product', id, 'acme');
const ownerRole = { kind: 'role', roleId: 'seed000:accountOwner', organizationId: null, protected: true } as const;
const technicalRole = { kind: 'role', roleId: 'seed000:technical', organizationId: null, protected: false } as const;
const ownerOnlyRole = { id: 'seed000:accountOwner', uniquePerOrganization: false, ownerOnly: true };

runTable(p, [
  // "Only the account owner can make purchases, carry out financial transactions … changing banking information"
  allow('the owner makes a purchase', owner, 'purchase', acme),
  deny('an administrator cannot make a purchase', admin, 'purchase', acme, 'R-PERM-1'),
  deny('an administrator cannot carry out financial transactions', admin, 'billing.pay', acme, 'R-PERM-1'),
  allow('the owner changes banking information', owner, 'banking.manage', acme),
  deny('an administrator cannot change banking information', admin, 'banking.manage', acme, 'R-PERM-1'),
  // "Administrator – manage most of the products and services on the account and see billing information"
  allow('an administrator sees billing information', admin, 'billing.view', acme),
  allow('an administrator downloads invoices', admin, 'invoice.download', acme),
  allow('an administrator manages any product', admin, 'product.manage', product('99')),
  // "Only the account owner can add and remove users."
  allow('the owner adds a user', owner, 'user.create', acme),
  allow('the owner invites a user', owner, 'user.invite', acme),
  allow('the owner removes a user', owner, 'user.remove', techT),
  deny('an administrator cannot add users', admin, 'user.create', acme, 'R-PERM-1'),
  deny('an administrator cannot invite users', admin, 'user.invite', acme, 'R-PERM-1'),
  deny('an administrator cannot remove users', admin, 'user.remove', techT, 'R-PERM-1'),
  // "The Administrator has limited access to help manage the profiles of other users"
  allow("an administrator edits a technical user's profile", admin, 'user.edit', techT),
  allow('an administrator views the owner', admin, 'user.view', ownerT),
  deny("no-one can edit the account owner's profile", admin, 'user.edit', ownerT, 'R-OWNER-1'),
  // "they cannot change their own role, or the role of other users"
  deny('an administrator cannot change the role of another user', admin, 'user.editRole', techT, 'R-PERM-1'),
  deny('an administrator cannot change their own role', admin, 'user.editRole', adminT, 'R-SELF-1'),
  // "and they cannot assign products to a technical user"
  deny('an administrator cannot assign products to a technical user', admin, 'user.editScope', techT, 'R-PERM-1'),
  allow('the owner assigns products to a technical user', owner, 'user.editScope', techT),
  // "The account owner, or an Administrator can assist users with changing their OTP numbers"
  allow("an administrator resets a technical user's OTP", admin, 'user.setMfa', techT),
  allow("the owner resets an administrator's OTP", owner, 'user.setMfa', adminT),
  deny("an administrator cannot reset the owner's OTP", admin, 'user.setMfa', ownerT, 'R-OWNER-1'),
  allow('every user registers their own OTP', tech, 'user.setMfa', techT, 'R-SELF-2'),
  // "No other user can take ownership of the account"
  allow('the owner transfers ownership', owner, 'org.transferOwnership', acme, 'R-OWNER-2'),
  deny('an administrator cannot take ownership', admin, 'org.transferOwnership', acme, 'R-OWNER-2'),
  deny(
    'the Account Owner role cannot be given to another user',
    owner,
    'user.editRole',
    userTarget('u-admin', ['acme'], { change: { assignsRole: ownerOnlyRole } }),
    'R-OWNER-2',
  ),
  // "Technical – … you can choose which products"
  allow('a technical user sets up a chosen product', tech, 'product.manage', product('12')),
  allow('a technical user gets support for a chosen product', tech, 'product.support', product('40')),
  deny('a technical user cannot touch other products', tech, 'product.manage', product('99'), 'R-SCOPE-1'),
  deny('a technical user cannot see other products', tech, 'product.view', product('99'), 'R-SCOPE-1'),
  deny('a technical user does not see billing', tech, 'billing.view', acme, 'R-PERM-1'),
  deny('a technical user cannot view other users', tech, 'user.view', adminT, 'R-PERM-1'),
  // "Invoice/Read Only – … only be able to see the accounts and download invoices and statements"
  allow('the bookkeeper downloads invoices', book, 'invoice.download', acme),
  allow('the bookkeeper sees the account', book, 'org.view', acme),
  deny('the bookkeeper cannot manage products', book, 'product.manage', product('12'), 'R-READ-1'),
  deny("the bookkeeper cannot edit another user's profile", book, 'user.edit', techT, 'R-READ-1'),
  allow('the bookkeeper still edits their own profile', book, 'user.edit', bookT, 'R-SELF-2'),
  // "This role is 'protected' against changes by other users."
  deny("the Account Owner role's permissions cannot be edited", owner, 'role.manage', ownerRole, 'R-PROT-1'),
  allow("the owner edits the Technical role's permissions", owner, 'role.manage', technicalRole),
  // Another customer's account is invisible.
  deny("another account's administrator cannot see this account's products", outsider, 'product.view', product('12'), 'R-TENANT-1'),
  deny("another account's administrator cannot see this account's users", outsider, 'user.view', techT, 'R-TENANT-1'),
]);
