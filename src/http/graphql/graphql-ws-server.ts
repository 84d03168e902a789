/**
 * GraphQL subscriptions (and queries) over WebSocket at /graphql, in graphql-ws's graphql-transport-ws protocol. The
 * upgrade request has passed the facade's middleware like any request (src/http/upgrade.ts): sign-in (the
 * Authorization header, or access_token in the query for browsers) and the rate limit. Each operation then runs
 * through Yoga's envelope: the same schema, context, armor limits and permissions as over HTTP.
 */
import type { Request, RequestHandler } from 'express';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { takeUpgrade } from '../upgrade';
import { graphqlErrorOf } from './graphql-errors';
import type { ExpressContext, TaskmasterYoga } from './yoga-server';

interface Enveloped {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/** What Yoga's envelope gives one operation (its own types say `any`): the plugins' parse, validate and context. */
interface Envelope extends Enveloped {
  schema: GraphQLSchema;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  contextFactory: () => unknown;
}

export interface GraphQLWebSockets {
  /** Takes over the upgrade requests that reach /graphql; other requests go on to Yoga. */
  handler: RequestHandler;
  /** Closes every GraphQL socket (1001, going away), for a facade that stops. */
  close(): void;
  /** Open GraphQL sockets (the facade's metrics). */
  connections(): number;
}

export function graphqlWebSockets(yoga: TaskmasterYoga): GraphQLWebSockets {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (context, _id, payload) => {
        const req = context.extra.request as Request;
        const envelope: Envelope = yoga.getEnveloped({
          req,
          res: undefined as unknown as ExpressContext['res'],
          params: payload,
          request: undefined as never,
        });
        const { schema, execute, subscribe, contextFactory, parse, validate } = envelope;
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [graphqlErrorOf(error)];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Enveloped,
        };
        return args;
      },
    },
    sockets,
  );
  return {
    handler: (req, res, next) => {
      const upgrade = takeUpgrade(req, res);
      if (!upgrade) {
        next();
        return;
      }
      sockets.handleUpgrade(req, upgrade.socket, upgrade.head, (socket) => sockets.emit('connection', socket, req));
    },
    close: () => {
      for (const socket of sockets.clients) socket.close(1001, 'the facade is stopping');
      sockets.close();
    },
    connections: () => sockets.clients.size,
  };
}
