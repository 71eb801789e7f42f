import { dashboardRoutes } from '../dashboard/dashboard-routes.ts';

/**
 * The staff area's entry, /app/staff, is the dashboard (pages/dashboard/). It stays registered under this name so
 * the composition root's list of areas does not change; each staff area's pages live in their own pages/<area>/.
 */
export const staffRoutes = dashboardRoutes;
