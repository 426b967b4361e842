// A stretch of time as the panel and the sign-in page say it: "15 minutes", "1 minute", "3 hours".
// Rounded up, since it says how long someone has left to wait or to act.

export function durationInWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.ceil(minutes / 60)} hours`;
}
