import type { RequestHandler } from 'express';
import type { TokenVerifier } from '../../auth/token-verifier';
import { authenticate } from '../authenticate';

/** GraphiQL's page loads its scripts and styles from unpkg (Yoga's default); nothing else on this origin needs them. */
const graphiqlPolicy =
  "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; " +
  "img-src 'self' data: https://unpkg.com; font-src 'self' data: https://unpkg.com; connect-src 'self'";

/**
 * Sign-in for /graphql: every operation needs a token, exactly as /v1 (authenticate). The one exception is the
 * GraphiQL page itself (a browser's GET asking for HTML) when GraphiQL is on: the page holds no data, and the
 * operations it sends carry the token typed into its headers, checked like any other.
 */
export function graphqlSignIn(verifier: TokenVerifier | undefined, graphiql: boolean): RequestHandler {
  const signIn = authenticate(verifier);
  return async (req, res, next) => {
    if (
      graphiql &&
      req.method === 'GET' &&
      req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
    ) {
      res.setHeader('Content-Security-Policy', graphiqlPolicy);
      next();
      return;
    }
    await signIn(req, res, next);
  };
}
