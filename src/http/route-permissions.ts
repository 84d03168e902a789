/**
 * The one table of which permission each route needs (src/auth/permissions.ts says which roles have it). createApp
 * refuses to build an app with a /v1 route missing here (assertEveryRouteHasPermission), and tests/integration/
 * auth.test.ts walks the router to check every route against every role.
 */
import type { Express } from 'express';
import { match } from 'path-to-regexp';
import type { Permission } from '../auth/permissions';

export const routePermissions = {
  'GET /v1/jobs': 'read',
  'POST /v1/jobs': 'submit',
  'GET /v1/jobs/:jobId': 'read',
  'POST /v1/jobs/:jobId/cancel': 'cancel',
  'POST /v1/jobs/:jobId/replay': 'replay',
  'GET /v1/jobs/:jobId/record': 'read',
  'GET /v1/jobs/:jobId/record/verify': 'read',
  'GET /v1/investigations': 'read',
  'POST /v1/investigations': 'submit',
  'GET /v1/investigations/:investigationId': 'read',
  'POST /v1/investigations/:investigationId/cancel': 'cancel',
  'POST /v1/investigations/:investigationId/replay': 'replay',
  'GET /v1/investigations/:investigationId/record': 'read',
  'GET /v1/investigations/:investigationId/record/verify': 'read',
  'GET /v1/templates': 'read',
  'POST /v1/replays': 'bulk-replay',
  'GET /v1/replays/:batchId': 'bulk-replay',
  'GET /v1/system/status': 'read',
  'POST /v1/system/pause': 'pause',
  'POST /v1/system/resume': 'pause',
  'GET /v1/queues': 'read',
  'GET /v1/queues/:agent': 'read',
  'POST /v1/queues/:agent/pause': 'pause',
  'POST /v1/queues/:agent/resume': 'pause',
  'GET /v1/agents': 'read',
  'GET /v1/agents/:agent': 'read',
  'GET /v1/sla': 'read',
  'GET /v1/analytics': 'read',
  'GET /v1/audit': 'audit',
  'GET /v1/evidence/:sha256': 'read-evidence',
  'GET /v1/evidence/:sha256/custody': 'read',
  'GET /v1/cases/:caseId/export': 'export-case',
  'GET /v1/forensics/bundle-key': 'read',
  /** A WebSocket (upgrade): live events, each filtered by the tenant walls. */
  'GET /v1/events': 'read',
} as const satisfies Record<string, Permission>;

export type RouteKey = keyof typeof routePermissions;

const matchers = Object.entries(routePermissions).map(([key, permission]) => {
  const [method = '', routePath = ''] = key.split(' ');
  // As Express matches: case-insensitive, a trailing slash allowed.
  return { key: key as RouteKey, method, permission, matches: match(routePath, { sensitive: false, trailing: true, decode: false }) };
});

/** The permission a request needs, or undefined when no route of the table matches (a 404 then). HEAD reads as GET. */
export function permissionFor(method: string, requestPath: string): Permission | undefined {
  return routeOf(method, requestPath)?.permission;
}

/** The table's route a request is for, with its path parameters (still URL-encoded); undefined when none matches. */
export function routeOf(
  method: string,
  requestPath: string,
): { key: RouteKey; permission: Permission; params: Partial<Record<string, string>> } | undefined {
  const effective = method === 'HEAD' ? 'GET' : method;
  for (const entry of matchers) {
    if (entry.method !== effective) continue;
    const matched = entry.matches(requestPath);
    if (matched === false) continue;
    return { key: entry.key, permission: entry.permission, params: matched.params as Partial<Record<string, string>> };
  }
  return undefined;
}

export interface AppRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of the app, read from Express's router stack (mounted routers included). */
export function routesOf(app: Express): AppRoute[] {
  const walk = (stack: readonly Layer[], prefix: string): AppRoute[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const routePath = joinPath(prefix, layer.route.path);
        return Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method: method.toUpperCase(), path: routePath }));
      }
      if (layer.handle?.stack && typeof layer.rawPath === 'string') return walk(layer.handle.stack, joinPath(prefix, layer.rawPath));
      return [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

const joinPath = (prefix: string, rest: string): string => (prefix + (rest === '/' ? '' : rest)).replace(/\/+$/, '') || '/';

/** Fails the app's construction when a /v1 route is missing from the table: a new route cannot go unguarded. */
export function assertEveryRouteHasPermission(app: Express): void {
  const missing = routesOf(app)
    .filter((route) => route.path.startsWith('/v1/'))
    .map((route) => `${route.method} ${route.path}`)
    .filter((key) => !Object.hasOwn(routePermissions, key));
  if (missing.length > 0) throw new Error(`routes without a permission in src/http/route-permissions.ts: ${missing.join(', ')}`);
}
