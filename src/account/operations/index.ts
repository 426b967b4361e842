import type { AnyOperation } from '../../operations/operation.ts';
import { changeOwnPassword } from './change-password.ts';
import { confirmEmailOtp, switchToEmailOtp, turnOffMfa } from './mfa.ts';
import { setSecurityQuestion } from './security-question.ts';
import { endOtherOwnSessions, endOwnSession } from './sessions.ts';
import { confirmTotpEnrolment, regenerateRecoveryCodes, startTotpEnrolment } from './totp.ts';
import { updateOwnProfile } from './update-profile.ts';

export const accountOperations: readonly AnyOperation[] = [
  updateOwnProfile,
  changeOwnPassword,
  startTotpEnrolment,
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  switchToEmailOtp,
  confirmEmailOtp,
  turnOffMfa,
  setSecurityQuestion,
  endOwnSession,
  endOtherOwnSessions,
];
export { endOtherOwnSessions, endOwnSession };
export { changeOwnPassword, confirmEmailOtp, confirmTotpEnrolment, regenerateRecoveryCodes, setSecurityQuestion, startTotpEnrolment, switchToEmailOtp, turnOffMfa, updateOwnProfile };
export { normalizeSecurityAnswer } from './security-question.ts';
