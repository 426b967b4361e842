// Counters shared by the parts of the adversarial suite; the suite prints them as one line.
export const report = {
  combinations: 0,
  fuzzCases: 0,
  mismatches: [] as string[],
  leaks: [] as string[],
  /** What the panel fuzz found, by class: an answer of 500 or more, an HTML or stack-trace answer, a change. */
  findings: { server_error: 0, html_or_internals: 0, database_changed: 0, audited_as_done: 0 },
};

export function reportLine(): string {
  const findings = Object.entries(report.findings).map(([name, count]) => `${name}=${count}`).join(' ');
  return `adversarial combinations=${report.combinations} fuzz_cases=${report.fuzzCases} mismatches=${report.mismatches.length} leaks=${report.leaks.length} ${findings}`;
}
