// Request bodies of the account routes: strict objects, every unknown field refused.
import { z } from 'zod';
import { securityQuestions } from './security-questions.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** R-SELF-2: the personal fields a user edits on their own profile. */
export const personalFields = {
  firstName: z.string().trim().min(1).max(100).optional().describe("Required; '-' when there is none"),
  lastName: z.string().trim().min(1).max(100).optional().describe("Required; '-' when there is none"),
  phone: optionalText(40),
  fax: optionalText(40),
  address: optionalText(500),
  postalAddress: optionalText(500),
};

export const personalFieldNames = Object.keys(personalFields) as (keyof typeof personalFields)[];

/** Fields a user sees on their profile but may not change (R-SELF-2): named so the refusal can say so. */
export const readOnlyFields = ['username', 'email', 'status', 'role'] as const;

export const updateProfileBody = z.strictObject({
  ...personalFields,
  ...Object.fromEntries(readOnlyFields.map((field) => [field, z.unknown().optional().describe('Read-only: sending it is refused (R-SELF-2)')])),
});

export const currentPassword = z.string().min(1).max(1024).describe('Re-authentication: the password in use now');

export const changePasswordBody = z.strictObject({
  currentPassword,
  newPassword: z.string().min(1).max(1024),
});

export const reauthBody = z.strictObject({ currentPassword });

export const confirmTotpBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'six digits') });

/** R-MFA-2: the code an e-mail set-up sent; its challenge, or the newest one. */
export const confirmEmailOtpBody = z.strictObject({
  code: z.string().trim().regex(/^\d{6}$/, 'six digits'),
  challengeId: z.string().min(1).max(64).optional().describe('The challengeId POST /me/mfa/email answered; default the newest code'),
});

export const securityQuestionBody = z.strictObject({
  currentPassword,
  question: z.enum(securityQuestions, { error: 'Choose one of the listed questions' }),
  answer: z.string().trim().min(2).max(200),
});
