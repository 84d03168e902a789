/**
 * The input schema of each built-in job type's data. The facade checks `data` against it before starting a
 * workflow (400 naming the field), and the agent checks it again (a non-retryable failure), so that a job started
 * around the facade cannot slip bad data through either.
 */
import { z } from 'zod';
import { complianceInputSchema } from '../../activities/compliance/schema';
import { evidenceInputSchema } from '../../activities/evidence/schema';
import { fraudInputSchema } from '../../activities/fraud/schema';
import { helpInputSchema } from '../../activities/help/schema';
import { litigationInputSchema } from '../../activities/litigation/schema';
import { reconciliationInputSchema } from '../../activities/reconciliation/schema';
import { riskInputSchema } from '../../activities/risk/schema';

const builtInJobDataSchemas: Readonly<Record<string, z.ZodType>> = {
  BANK_STATEMENT_PROCESSING: reconciliationInputSchema,
  FRAUD_DETECTION: fraudInputSchema,
  RISK_ASSESSMENT: riskInputSchema,
  EVIDENCE_PROCESSING: evidenceInputSchema,
  LITIGATION_SUPPORT: litigationInputSchema,
  COMPLIANCE_MONITORING: complianceInputSchema,
  JOB_EXPLANATION: helpInputSchema,
};

/** Job types added in temporal.yaml for custom agents take any JSON object; their agent validates it. */
const customJobDataSchema = z.record(z.string(), z.unknown());

export const jobDataSchema = (type: string): z.ZodType => builtInJobDataSchemas[type] ?? customJobDataSchema;
