import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga';
import { tenantScopeOf } from '../../auth/tenant-scope';
import { HttpError } from '../http-error';
import { graphqlErrorOf } from './graphql-errors';
import { armorPlugins } from './armor';
import type { GraphQLContext } from './graphql-context';
import type { GraphQLServices } from './graphql-services';
import { resolvers } from './resolvers';

/** The committed SDL: the schema served and the source of the resolvers' generated types. */
export const schemaFile = path.join(__dirname, 'schema.graphql');
export const graphqlPath = '/graphql';

export type ExpressContext = { req: Request; res: Response };
export type TaskmasterYoga = YogaServerInstance<ExpressContext, GraphQLContext>;

/** The executable schema: the SDL and the resolvers, shared by HTTP (Yoga) and WebSocket (graphql-ws). */
export function taskmasterSchema<Context extends GraphQLContext>(services: GraphQLServices) {
  return createSchema<Context>({ typeDefs: readFileSync(schemaFile, 'utf8'), resolvers: resolvers(services) });
}

/**
 * GraphQL over HTTP at /graphql (POST, and GET for queries), mounted behind the same sign-in as /v1 (the request's
 * principal is set by authenticate()). GraphiQL only when graphiql is true (auth.mode local): it is a developer's page.
 */
export function taskmasterYoga(services: GraphQLServices, graphiql: boolean): TaskmasterYoga {
  return createYoga<ExpressContext, GraphQLContext>({
    schema: taskmasterSchema<ExpressContext & GraphQLContext>(services),
    graphqlEndpoint: graphqlPath,
    graphiql: graphiql ? { title: 'Taskmaster GraphQL', headers: '{"Authorization": "Bearer <token>"}' } : false,
    landingPage: false,
    logging: false,
    // Errors are the API's own (graphqlErrorOf): a 500 already says only "internal error".
    maskedErrors: false,
    plugins: armorPlugins(),
    context: ({ req }): GraphQLContext => {
      // Only GraphiQL's page goes by without a principal (graphqlSignIn), and a page runs no operation.
      if (req.principal === undefined)
        throw graphqlErrorOf(new HttpError(401, 'UNAUTHENTICATED', 'sign in: send Authorization: Bearer <token>'));
      const principal = req.principal;
      return {
        principal,
        scope: tenantScopeOf(principal),
        requestId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
        ...(req.ip === undefined ? {} : { remoteAddress: req.ip }),
      };
    },
  });
}
