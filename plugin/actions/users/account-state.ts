// Lock / unlock and disable / enable (R-STATE-1): buttons, with a confirmation for the two that
// take access away. The users service decides again (R-SELF-1, R-OWNER-1, R-LAST-1) and audits.
import type { BaseRecord } from 'adminjs';
import type { GatehouseContext } from '../../../src/context.ts';
import { disableUser, enableUser, lockUser, unlockUser } from '../../../src/users/index.ts';
import { userTarget } from '../../access.ts';
import { factsOf } from '../../scoped-resource.ts';
import type { UserFacts } from '../../scopes.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { recordAction } from '../kit.ts';

const facts = (record: BaseRecord) => factsOf<UserFacts>(record);
const nameOf = (record: BaseRecord) => String(record.param('email'));

export function accountStateActions(ctx: GatehouseContext, components: PanelComponents) {
  const component = components.ids.ConfirmAction;
  return {
    lock: recordAction(ctx, {
      name: 'lock',
      permission: 'user.lock',
      targetOf: userTarget,
      component,
      icon: 'Lock',
      variant: 'danger',
      guard: 'Lock this user? They cannot sign in until someone unlocks them.',
      showWhen: (record) => facts(record)?.locked === false,
      run: async (who, record) => {
        await lockUser(ctx, who, String(record.id()));
        return { message: `${nameOf(record)} is locked` };
      },
    }),
    unlock: recordAction(ctx, {
      name: 'unlock',
      permission: 'user.lock',
      targetOf: userTarget,
      component,
      icon: 'Unlock',
      guard: 'Unlock this user? The failed sign-in count starts again from zero.',
      showWhen: (record) => facts(record)?.locked === true,
      run: async (who, record) => {
        await unlockUser(ctx, who, String(record.id()));
        return { message: `${nameOf(record)} is unlocked` };
      },
    }),
    disable: recordAction(ctx, {
      name: 'disable',
      permission: 'user.disable',
      targetOf: userTarget,
      component,
      icon: 'UserX',
      variant: 'danger',
      guard: 'Disable this user? They cannot sign in until enabled again.',
      showWhen: (record) => facts(record)?.status !== 'DISABLED',
      run: async (who, record) => {
        await disableUser(ctx, who, String(record.id()));
        return { message: `${nameOf(record)} is disabled` };
      },
    }),
    enable: recordAction(ctx, {
      name: 'enable',
      permission: 'user.disable',
      targetOf: userTarget,
      component,
      icon: 'UserCheck',
      guard: 'Enable this user? They can sign in again.',
      showWhen: (record) => facts(record)?.status === 'DISABLED',
      run: async (who, record) => {
        await enableUser(ctx, who, String(record.id()));
        return { message: `${nameOf(record)} is enabled` };
      },
    }),
  };
}
