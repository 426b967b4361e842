// One labelled text or password field, as My profile's cards lay them out (a password field
// offers the browser's saved current password).
import React from 'react';
import { Box, Input, Label } from '@adminjs/design-system';

export default function TextField({ id, label, value, onChange, type = 'text' }: { id: string; label: string; value: string; onChange: (value: string) => void; type?: string }) {
  return (
    <Box mb="default">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} type={type} width="100%" value={value} autoComplete={type === 'password' ? 'current-password' : 'off'} onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)} />
    </Box>
  );
}
