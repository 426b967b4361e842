// What a role or policy permits, section by section, each closed at first and opened with its "+"
// (seed 004: "View Permissions, press + to expand a section"). The sections come from the server
// in words (plugin/scopes.ts, sectionsParam); nothing here knows a permission key.
import React, { useState } from 'react';
import { type BasePropertyProps, flat, useTranslation } from 'adminjs';
import { Box, Button, Label, Text } from '@adminjs/design-system';

interface Section {
  readonly label: string;
  readonly items: readonly string[];
}

export default function PermissionSections(props: BasePropertyProps) {
  const { property, record, resource } = props;
  const { translateProperty } = useTranslation();
  const sections = ((record ? flat.get(record.params, property.propertyPath) : undefined) ?? []) as Section[];
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (index: number) => setOpen((current) => (current.has(index) ? new Set([...current].filter((entry) => entry !== index)) : new Set([...current, index])));
  const allOpen = sections.length > 0 && open.size === sections.length;
  return (
    <Box mb="xl" data-testid="permission-sections">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {sections.length === 0 ? <Text>No permissions</Text> : null}
      {sections.length > 1 ? (
        <Button type="button" size="sm" variant="text" mb="default" onClick={() => setOpen(allOpen ? new Set() : new Set(sections.map((_, index) => index)))}>
          {allOpen ? 'Close all sections' : 'Open all sections'}
        </Button>
      ) : null}
      {sections.map((section, index) => (
        <Box key={section.label} mb="sm">
          <Box flex flexDirection="row" alignItems="center">
            <Button type="button" size="icon" variant="outlined" mr="default" aria-expanded={open.has(index)} aria-label={`${open.has(index) ? 'Close' : 'Open'} ${section.label}`} data-testid="permission-section-toggle" onClick={() => toggle(index)}>
              {open.has(index) ? '−' : '+'}
            </Button>
            <Text fontWeight="bold">
              {section.label} ({section.items.length})
            </Text>
          </Box>
          {open.has(index) ? (
            <Box as="ul" ml="xxl" mt="sm">
              {section.items.map((item) => (
                <Text as="li" key={item} mb="xs">
                  {item}
                </Text>
              ))}
            </Box>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}
