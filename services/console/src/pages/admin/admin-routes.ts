import type { PageRoutes } from '../../http/console-app.ts';
import { mailRoutes } from './mail-routes.ts';
import { webhooksRoutes } from './webhooks-routes.ts';

/** The admin area: webhooks and the mail log (users and roles are pages/users/). Every page is for admins only. */
export const adminRoutes: PageRoutes = (app, ctx) => {
  webhooksRoutes(app, ctx);
  mailRoutes(app, ctx);
};
