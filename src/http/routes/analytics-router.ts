import { Router } from 'express';
import { analyticsRequestSchema } from '../../analytics/analytics-request';
import type { AnalyticsService } from '../../analytics/analytics-service';
import type { TaskmasterConfig } from '../../config/schema';
import { scopeOf } from '../caller';
import { queryOf } from '../parse';

/** /v1/analytics?window=24h&bucket=1h&type=&priority=: historical figures per bucket, over the caller's tenant's jobs. */
export function analyticsRouter(config: TaskmasterConfig, analytics: AnalyticsService): Router {
  const router = Router();
  const schema = analyticsRequestSchema(config);
  router.get('/', async (req, res) => {
    res.json(await analytics.report(queryOf(schema, req), scopeOf(req)));
  });
  return router;
}
