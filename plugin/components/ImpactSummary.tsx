// What a change would do, in words (R-POL-2): who gains and who loses which permission, from the
// engine's preview over the holders. Shown before the save by the policy editor and by every form
// whose save is previewed (ActionForm).
import React from 'react';
import { Box, H4, Text } from '@adminjs/design-system';

export interface Impact {
  readonly permission: string;
  readonly label: string;
  readonly holders: number;
  readonly first: readonly string[];
}

export interface Preview {
  readonly holders: number;
  readonly affected: number;
  readonly firstAffected: readonly string[];
  readonly gains: readonly Impact[];
  readonly losses: readonly Impact[];
  readonly version: string;
}

function names(entry: Impact): string {
  const more = entry.holders - entry.first.length;
  return `${entry.first.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** `holders`: who the preview is over, in words ("people holding this policy"). */
export default function ImpactSummary({ preview, holders }: { preview: Preview; holders: string }) {
  return (
    <Box mb="lg" data-testid="impact-preview">
      <H4>What this change does</H4>
      {preview.affected === 0 ? (
        <Text>
          Nobody&apos;s access changes ({preview.holders} {holders}).
        </Text>
      ) : (
        <Text mb="default">
          The access of {preview.affected} of the {preview.holders} {holders} changes.
        </Text>
      )}
      {preview.gains.map((entry) => (
        <Text key={`gain-${entry.permission}`}>Gain “{entry.label}”: {names(entry)}</Text>
      ))}
      {preview.losses.map((entry) => (
        <Text key={`loss-${entry.permission}`}>Lose “{entry.label}”: {names(entry)}</Text>
      ))}
    </Box>
  );
}
