import { stateChange } from './state-change.ts';

interface StateFacts {
  readonly locked?: boolean;
  readonly status?: string;
}
const facts = (record: { facts: unknown }): StateFacts => (record.facts ?? {}) as StateFacts;

export const lockUser = stateChange('lock', {
  label: 'Lock',
  summary: 'Lock a user: they cannot sign in until someone unlocks them (R-STATE-1, R-LAST-1, R-OWNER-1, R-SELF-1)',
  panel: { icon: 'Lock', variant: 'danger', guard: 'Lock this user? They cannot sign in until someone unlocks them.', shownWhen: (record) => facts(record).locked === false, done: 'is locked' },
});

export const unlockUser = stateChange('unlock', {
  label: 'Unlock',
  summary: 'Unlock a user and reset the failed-attempt counter (R-STATE-1, R-LOCK-1)',
  panel: { icon: 'Unlock', guard: 'Unlock this user? The failed sign-in count starts again from zero.', shownWhen: (record) => facts(record).locked === true, done: 'is unlocked' },
});
