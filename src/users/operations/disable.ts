import { stateChange } from './state-change.ts';

const status = (record: { facts: unknown }): string | undefined => (record.facts as { status?: string } | null)?.status;

export const disableUser = stateChange('disable', {
  label: 'Disable',
  summary: 'Disable a user: they cannot sign in until enabled again (R-STATE-1, R-LAST-1, R-OWNER-1, R-SELF-1)',
  panel: { icon: 'UserX', variant: 'danger', guard: 'Disable this user? They cannot sign in until enabled again.', shownWhen: (record) => status(record) !== 'DISABLED', done: 'is disabled' },
});

export const enableUser = stateChange('enable', {
  label: 'Enable',
  summary: 'Enable a disabled user (R-STATE-1)',
  panel: { icon: 'UserCheck', guard: 'Enable this user? They can sign in again.', shownWhen: (record) => status(record) === 'DISABLED', done: 'is enabled' },
});
