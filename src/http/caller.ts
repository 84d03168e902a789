import type { Request } from 'express';

/** Who asked: recorded with resets and reruns. Until the API has authentication, the caller names itself. */
export const callerOf = (req: Request): string => req.get('x-taskmaster-user')?.slice(0, 100) ?? 'anonymous';
