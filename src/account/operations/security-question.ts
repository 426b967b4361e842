// One's own security question and answer (R-SECRET-1): the answer is stored hashed, compared
// case- and space-insensitively, and the question is shown to its owner only.
import { hashPassword } from '../../auth/passwords.ts';
import { defineOperation } from '../../operations/operation.ts';
import { securityQuestionBody } from '../schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from './self.ts';

/** Answers are compared case- and space-insensitively, so they are hashed in that form. */
export function normalizeSecurityAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, ' ');
}

export const setSecurityQuestion = defineOperation({
  key: 'account.securityQuestion',
  permission: 'user.edit',
  label: 'Save my security question',
  summary: 'Set your security question and answer (the answer is stored hashed; R-SECRET-1)',
  rules: ['R-SECRET-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: securityQuestionBody,
  rest: { method: 'put', path: '/me/security-question', status: 204, tag: 'account' },
  panel: { resource: 'User', name: 'securityQuestion', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'Your security question is saved' },
  audit: { action: 'user.setSecurityQuestion', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.edit', user)],
  async prepare(user, { ctx, who, input }) {
    await requireCurrentPassword(ctx, who, user, input.currentPassword);
    return hashPassword(normalizeSecurityAnswer(input.answer), ctx.config.passwordHashing);
  },
  async apply(tx, _user, { who, input, prepared: securityAnswerHash }) {
    await tx.user.update({ where: { id: who.userId }, data: { securityQuestion: input.question, securityAnswerHash } });
  },
  auditDetails: (_user, _result, { who }) => via(who),
  view: () => undefined,
});
