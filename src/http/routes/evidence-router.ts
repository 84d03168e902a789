import { Router } from 'express';
import { z } from 'zod';
import type { EvidenceService } from '../../evidence/evidence-service';
import { principalOf, scopeOf } from '../caller';
import { pathIdOf } from '../parse';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256: 64 lower-case hex digits');

/**
 * /v1/evidence: an evidence item's bytes (permission read-evidence: investigators and admins, own tenant) and its
 * custody log. Every read checks the item's hash and adds a custody entry before a byte is sent.
 */
export function evidenceRouter(evidence: EvidenceService): Router {
  const router = Router();
  router.get('/:sha256', async (req, res) => {
    const sha256 = pathIdOf(sha256Schema, req.params.sha256, 'evidence item');
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
    const read = await evidence.read(sha256, principalOf(req), scopeOf(req), requestId);
    req.log.info({ sha256, sizeBytes: read.bytes.byteLength, custodySeq: read.custodySeq }, 'evidence read');
    res
      .status(200)
      .type('application/octet-stream')
      .set('X-Evidence-Sha256', sha256)
      .set('X-Custody-Seq', String(read.custodySeq))
      .send(Buffer.from(read.bytes));
  });
  router.get('/:sha256/custody', async (req, res) => {
    const sha256 = pathIdOf(sha256Schema, req.params.sha256, 'evidence item');
    const log = await evidence.custody(sha256, scopeOf(req));
    res.json({ sha256, entries: log.entries, log: log.log, chain: log.chain });
  });
  return router;
}
