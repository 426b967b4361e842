// What the organisation is told before a membership ends (R-EXP-2), in words.
import type { OrganizationNotice } from '../organizations/notices.ts';
import { dayInWords, endInWords } from '../users/access-end-words.ts';

interface EndingMember {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

export function accessEndingNotice(member: EndingMember, roleName: string, end: Date, now: Date): OrganizationNotice {
  const name = `${member.firstName} ${member.lastName}`;
  return {
    subject: `The access of ${name} ends on ${dayInWords(end)}`,
    text: [
      `${name} (${member.email}) holds the role ${roleName}. This access ends at ${end.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${endInWords(end, now).toLowerCase()}.`,
      'From then on the membership gives nothing, without anyone having to act.',
      'An administrator who may change their role can extend it ("Extend access" on their user page).',
    ].join('\n'),
  };
}
