// The audit trail's export: a period and an outcome, then a download of the REST API's CSV
// (GET …/api/v1/audit-events/export.csv, scoped like the list). A plain link: reading needs no token.
import React, { useState } from 'react';
import { Box, Button, FormGroup, H3, Input, Label, Select, Text } from '@adminjs/design-system';
import { panelRootPath } from './panel-api.ts';

const outcomes = [
  { value: '', label: 'Any outcome' },
  { value: 'ALLOWED', label: 'Done' },
  { value: 'DENIED', label: 'Refused' },
  { value: 'FAILED', label: 'Failed' },
];

export default function ExportAuditCsv() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState(outcomes[0]);
  const query = new URLSearchParams();
  if (from) query.set('from', `${from}T00:00:00Z`);
  if (to) query.set('to', `${to}T00:00:00Z`);
  if (outcome?.value) query.set('outcome', outcome.value);
  const href = `${panelRootPath()}/api/v1/audit-events/export.csv${query.size > 0 ? `?${query}` : ''}`;
  const wrongOrder = from !== '' && to !== '' && from >= to;
  return (
    <Box variant="container" data-testid="export-audit">
      <H3>Export the audit trail</H3>
      <Text mb="lg">A CSV file for a spreadsheet: when, who, what, to whom and how it ended, in words and with ids, newest first (at most 10 000 events).</Text>
      <FormGroup>
        <Label htmlFor="export-from">From (UTC, inclusive)</Label>
        <Input id="export-from" type="date" value={from} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFrom(event.target.value)} />
      </FormGroup>
      <FormGroup>
        <Label htmlFor="export-to">Until (UTC, not included)</Label>
        <Input id="export-to" type="date" value={to} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)} />
      </FormGroup>
      <FormGroup>
        <Label>Outcome</Label>
        <Select value={outcome} options={outcomes} onChange={(selected: (typeof outcomes)[number]) => setOutcome(selected)} />
      </FormGroup>
      {wrongOrder ? <Text color="error">The start must be before the end.</Text> : (
        <Button as="a" href={href} download variant="contained">Download CSV</Button>
      )}
    </Box>
  );
}
