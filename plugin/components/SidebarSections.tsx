// The sidebar's sections, open unless the person closed them. AdminJS draws every group closed until
// it is clicked once, so a newcomer sees "People", "Roles & policies"… and has to open each to find
// Users or Invitations: one click more on every task. The groups and their links are AdminJS's own
// (useNavigationResources); only the open/closed default is turned round, remembered per browser.
import React, { useState } from 'react';
import { Navigation } from '@adminjs/design-system';
import { type ResourceJSON, useNavigationResources, useTranslation } from 'adminjs';

const CLOSED = 'gatehouse.closedSidebarSections';

function readClosed(): string[] {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(CLOSED) ?? '[]');
    return Array.isArray(stored) ? stored.filter((label): label is string => typeof label === 'string') : [];
  } catch {
    return [];
  }
}

export default function SidebarSections({ resources }: { resources: ResourceJSON[] }) {
  const elements = useNavigationResources(resources);
  const { translateLabel } = useTranslation();
  const [closed, setClosed] = useState<string[]>(readClosed);
  function toggle(label: string): void {
    const next = closed.includes(label) ? closed.filter((other) => other !== label) : [...closed, label];
    setClosed(next);
    window.localStorage.setItem(CLOSED, JSON.stringify(next));
  }
  const shown = elements.map((element) =>
    element.elements ? { ...element, isOpen: !closed.includes(String(element.label)), onClick: () => toggle(String(element.label)) } : element,
  );
  return <Navigation label={translateLabel('navigation')} elements={shown} />;
}
