// The AdminJS instance, configured for the mount path the host uses.
import { Database, Resource } from '@adminjs/prisma';
import AdminJS from 'adminjs';
import type { GatehouseContext } from '../src/context.ts';
import { gatehouseResources } from './resources/index.ts';

AdminJS.registerAdapter({ Database, Resource });

export function createAdmin(ctx: GatehouseContext): AdminJS {
  const root = ctx.config.mountPath;
  return new AdminJS({
    rootPath: root,
    loginPath: `${root}/login`,
    logoutPath: `${root}/logout`,
    resources: gatehouseResources(ctx),
    branding: { companyName: ctx.config.productName, withMadeWithLove: false },
  });
}
