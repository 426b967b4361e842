// Counters shared by the parts of the adversarial suite; the suite prints them as one line.
export const report = {
  combinations: 0,
  fuzzCases: 0,
  mismatches: [] as string[],
  leaks: [] as string[],
};

export function reportLine(): string {
  return `adversarial combinations=${report.combinations} fuzz_cases=${report.fuzzCases} mismatches=${report.mismatches.length} leaks=${report.leaks.length}`;
}
