import { Router } from 'express';
import { exportCase, type CaseExportDeps } from '../../forensics/case-export';
import { loadBundleSigningKey } from '../../forensics/bundle-signing-key';
import { caseIdSchema } from '../../jobs/job-request';
import { principalOf, scopeOf } from '../caller';
import { pathIdOf } from '../parse';

/** /v1/cases/:caseId/export: the case's signed bundle (permission export-case, own tenant). */
export function casesRouter(deps: CaseExportDeps): Router {
  const router = Router();
  router.get('/:caseId/export', async (req, res) => {
    const caseId = pathIdOf(caseIdSchema, req.params.caseId, 'case');
    const { archive, manifest } = await exportCase(deps, caseId, principalOf(req), scopeOf(req));
    req.log.info(
      { caseId, files: manifest.files.length, workflows: manifest.workflows.length, evidence: manifest.evidence.length },
      'case exported',
    );
    res
      .status(200)
      .type('application/gzip')
      .set('Content-Disposition', `attachment; filename="case-${caseId.replace(/[^A-Za-z0-9_.-]/g, '_')}.tar.gz"`)
      .set('X-Bundle-Signing-Key', manifest.signingKey)
      .send(archive);
  });
  return router;
}

/** /v1/forensics/bundle-key: the public key case bundles are signed with, for experts to verify them against. */
export function forensicsRouter(dataDir: string): Router {
  const router = Router();
  router.get('/bundle-key', (_req, res) => {
    const key = loadBundleSigningKey(dataDir);
    res.json({ algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint });
  });
  return router;
}
