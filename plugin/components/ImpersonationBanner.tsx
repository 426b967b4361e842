// R-IMP-1: while support acts as another user, every page says so at its top — whom, on whose
// behalf, how long is left — with the button that stops it. The words come from the server
// (plugin/impersonation-banner.ts); Stop calls the REST route with the session's CSRF token, then
// reloads, so the page is the impersonator's again.
import React, { useEffect, useState } from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import { panelRootPath, postSessionChange } from './panel-api.ts';

export interface BannerFacts {
  readonly text: string;
}

const BANNER_HEIGHT = 40;

export default function ImpersonationBanner({ banner }: { readonly banner: BannerFacts }) {
  const [failed, setFailed] = useState(false);
  // The banner lies over the top of the page: the page moves down by its height, so nothing is hidden under it.
  useEffect(() => {
    const previous = document.body.style.paddingTop;
    document.body.style.paddingTop = `${BANNER_HEIGHT}px`;
    return () => {
      document.body.style.paddingTop = previous;
    };
  }, []);
  async function stop(): Promise<void> {
    const response = await postSessionChange(`${panelRootPath()}/api/v1/me/impersonation/stop`, {});
    // Already over (its time ran out meanwhile): reloading shows the impersonator's page either way.
    if (!response.ok && response.status !== 409) return setFailed(true);
    window.location.assign(panelRootPath());
  }
  return (
    <Box
      data-testid="impersonation-banner"
      role="status"
      flex
      alignItems="center"
      px="lg"
      py="sm"
      style={{ position: 'fixed', top: 0, left: 0, right: 0, height: BANNER_HEIGHT, boxSizing: 'border-box', zIndex: 1000, background: '#8a1c1c', color: '#fff' }}
    >
      <Text color="white" mr="lg">
        {banner.text}
      </Text>
      <Button size="sm" data-testid="impersonation-stop" style={{ background: '#fff', color: '#8a1c1c', borderColor: '#fff' }} onClick={() => void stop()}>
        Stop
      </Button>
      {failed ? (
        <Text color="white" ml="lg">
          It could not be stopped; reload the page and try again.
        </Text>
      ) : null}
    </Box>
  );
}
