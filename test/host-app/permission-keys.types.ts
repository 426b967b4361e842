// A type test, checked by `tsc --noEmit` (part of `npm test`): the host's permission keys are
// type-checked, so a typo is a compile error rather than a silent denial at run time.
import { z } from 'zod';
import type { HostApp } from '../../examples/host-app/app.ts';

export function typoIsATypeError(host: HostApp): void {
  host.gatehouse.requirePermission('invoice.view');
  host.gatehouse.requirePermission('user.lock');
  // @ts-expect-error — 'invoice.veiw' is not a permission of the catalog
  host.gatehouse.requirePermission('invoice.veiw');
  host.gatehouse.defineAction({
    resource: 'Invoice',
    name: 'archive',
    label: 'Archive',
    // @ts-expect-error — 'invoice.archvie' is not declared in `permissions`
    permission: 'invoice.archvie',
    input: z.strictObject({}),
    handler: () => undefined,
  });
}
