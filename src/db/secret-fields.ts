// Columns that never leave the server (R-SECRET-1): not in any REST answer, not in any panel view.
// REST answers are shaped by explicit serializers; the panel is given models without these fields,
// so AdminJS can neither read nor write them.
export const secretFields: Readonly<Record<string, readonly string[]>> = {
  User: ['passwordHash', 'totpSecret', 'totpLastStep', 'securityAnswerHash', 'accessVersion', 'firstNameSearch', 'lastNameSearch'],
  Invitation: ['tokenHash', 'pendingEmail'],
  PasswordResetToken: ['tokenHash'],
  EmailOtpChallenge: ['codeHash'],
  EmailChangeRequest: ['tokenHash'],
  RecoveryCode: ['codeHash'],
  PasswordHistory: ['hash'],
  ApiKey: ['hash'],
  Session: ['data'],
  // The member's name copies that order one organisation's members (search-sql.ts), internal like User's.
  Membership: ['memberLastNameSearch', 'memberFirstNameSearch'],
  // The clear text of a message still to be delivered, sealed (R-OUTBOX-1).
  OutboxMessage: ['sealed'],
};
