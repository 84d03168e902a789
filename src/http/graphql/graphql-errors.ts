import { GraphQLError } from 'graphql';
import { toHttpError } from '../error-middleware';

/**
 * An error a resolver met, as the GraphQL error a client reads: the REST API's code, message and details (the failing
 * fields of bad input) in `extensions`, and its HTTP status, which Yoga answers with. The status table stays the one of
 * src/http/error-status.ts; a 500 says no more than "internal error", as in REST.
 */
export function graphqlErrorOf(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const http = toHttpError(error);
  return new GraphQLError(http.message, {
    extensions: {
      code: http.code,
      ...(http.details === undefined ? {} : { details: http.details }),
      http: { status: http.status, headers: http.headers },
    },
  });
}
