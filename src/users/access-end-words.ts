// A membership's end in words (R-EXP-1, R-PANEL-1), as the panel and the notice e-mail say it:
// "Ends in 5 days (12 Dec 2026)", "Ends in 3 hours (12 Dec 2026, 14:00 UTC)", "Ended on 12 Dec 2026",
// "Does not end". Counted against the clock of the read, so it is right at every page load.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "12 Dec 2026", in UTC: the panel's dates are UTC throughout (untilUtc in plugin/scopes.ts). */
export function dayInWords(at: Date): string {
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;
}

function timeInWords(at: Date): string {
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

/** How long is left, in whole days or hours as one says it ("5 days" for 5 days and 3 hours), or minutes rounded up. */
export function remainingInWords(left: number): string {
  if (left >= 2 * DAY) return plural(Math.floor(left / DAY), 'day');
  if (left >= 2 * HOUR) return plural(Math.floor(left / HOUR), 'hour');
  return plural(Math.max(1, Math.ceil(left / 60_000)), 'minute');
}

export function endInWords(expiresAt: Date | string | null | undefined, now: Date): string {
  if (expiresAt === null || expiresAt === undefined) return 'Does not end';
  const end = typeof expiresAt === 'string' ? new Date(expiresAt) : expiresAt;
  if (Number.isNaN(end.getTime())) return 'Ended';
  const left = end.getTime() - now.getTime();
  if (left <= 0) return `Ended on ${dayInWords(end)}`;
  // Within two days the hour matters: "Ends in 20 hours (12 Dec 2026, 14:00 UTC)".
  const when = left < 2 * DAY ? `${dayInWords(end)}, ${timeInWords(end)}` : dayInWords(end);
  return `Ends in ${remainingInWords(left)} (${when})`;
}
