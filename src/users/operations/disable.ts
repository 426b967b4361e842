import { stateChange } from './state-change.ts';

const status = (record: { facts: unknown }): string | undefined => (record.facts as { status?: string } | null)?.status;

export const disableUser = stateChange('disable', {
  label: 'Disable',
  summary: 'Disable a user, optionally with a reason and an end: they cannot sign in until enabled again or until the end (R-STATE-1, R-STATE-2, R-LAST-1, R-OWNER-1, R-SELF-1)',
  panel: {
    icon: 'UserX',
    variant: 'danger',
    guard: 'Disable this user? They cannot sign in until enabled again.',
    form: () => ({
      intro: 'They cannot sign in, and their open sessions end at their next request.',
      fields: {
        reason: { label: 'Reason (optional)', type: 'textarea', help: 'Shown to administrators and in the audit trail, never to the user.' },
        until: { label: 'Disabled until (optional)', type: 'datetime', help: 'The account is enabled again by itself at this moment. Leave empty to keep it disabled until someone enables it.' },
      },
      submitLabel: 'Disable',
      confirm: 'Disable this user? They cannot sign in until enabled again.',
    }),
    shownWhen: (record) => status(record) !== 'DISABLED',
    done: 'is disabled',
  },
});

export const enableUser = stateChange('enable', {
  label: 'Enable',
  summary: 'Enable a disabled user (R-STATE-1)',
  panel: { icon: 'UserCheck', guard: 'Enable this user? They can sign in again.', shownWhen: (record) => status(record) === 'DISABLED', done: 'is enabled' },
});
