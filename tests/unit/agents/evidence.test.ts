import { gzipSync } from 'node:zlib';
import { detectMediaType, fingerprint } from '../../../activities/evidence';
import { extensionMatches, extensionOf } from '../../../activities/evidence/extensions';
import { evidenceInputSchema } from '../../../activities/evidence/schema';
import { minimalDocx, minimalPdf, onePixelPng, storedZip } from '../../fixtures/generators/evidence-files';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

const sha256OfAbc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const sha256OfEmpty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const run = (items: unknown[]) => fingerprint(evidenceInputSchema.parse({ items }));
const bytes = (...values: number[]) => Buffer.from(values);

describe('evidence fingerprints', () => {
  it('hashes text as UTF-8 and base64 as its bytes', () => {
    const result = run([
      { id: 'E1', name: 'abc.txt', text: 'abc' },
      { id: 'E2', name: 'abc.bin', contentBase64: Buffer.from('abc').toString('base64') },
      { id: 'E3', name: 'empty', text: '' },
      { id: 'E4', name: 'accent.txt', text: 'é' },
    ]);
    expect(result.items.map((i) => [i.id, i.sha256, i.sizeBytes])).toEqual([
      ['E1', sha256OfAbc, 3],
      ['E2', sha256OfAbc, 3],
      ['E3', sha256OfEmpty, 0],
      ['E4', expect.any(String), 2],
    ]);
    expect(result.duplicates).toEqual([['E1', 'E2']]);
    expect(result.totalBytes).toBe(8);
  });

  it('detects media types by their magic bytes', () => {
    expect(detectMediaType(minimalPdf('x'))).toBe('application/pdf');
    expect(detectMediaType(onePixelPng)).toBe('image/png');
    expect(detectMediaType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(detectMediaType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(detectMediaType(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0))).toBe('image/tiff');
    expect(detectMediaType(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8))).toBe('image/tiff');
    expect(detectMediaType(gzipSync(Buffer.from('hello')))).toBe('application/gzip');
    expect(detectMediaType(storedZip([{ name: 'a.txt', content: 'hello' }]))).toBe('application/zip');
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(detectMediaType(minimalDocx('Hello'))).toBe(docx);
    const xlsx = storedZip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'xl/workbook.xml', content: '<workbook/>' },
    ]);
    expect(detectMediaType(xlsx)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('sniffs JSON, CSV, TSV and plain text, and calls anything else octet-stream', () => {
    expect(detectMediaType(Buffer.from('  {"a": [1, 2]}\n'))).toBe('application/json');
    expect(detectMediaType(Buffer.from('{"a": '))).toBe('text/plain');
    const csv = 'date,amount,memo\n2026-01-01,10,"rent, January"\n2026-01-02,12,fee\n';
    expect(detectMediaType(Buffer.from(csv))).toBe('text/csv');
    expect(detectMediaType(Buffer.from('date;amount\n2026-01-01;10\n'))).toBe('text/csv');
    expect(detectMediaType(Buffer.from('a\tb\n1\t2\n'))).toBe('text/tab-separated-values');
    expect(detectMediaType(Buffer.from('Dear sir, the payment is late.\nRegards'))).toBe('text/plain');
    expect(detectMediaType(Buffer.from('\uFEFFcafé'))).toBe('text/plain');
    expect(detectMediaType(bytes(0xc3, 0x28))).toBe('application/octet-stream');
    expect(detectMediaType(bytes(0x00, 0x01, 0x02))).toBe('application/octet-stream');
    expect(detectMediaType(Buffer.alloc(0))).toBe('application/octet-stream');
  });

  it('checks the name against the content', () => {
    expect(extensionOf('Invoice.PDF')).toBe('pdf');
    expect(extensionOf('.env')).toBe('');
    expect(extensionOf('dir.v2/README')).toBe('');
    expect(extensionMatches('scan.jpg', 'image/png')).toBe(false);
    expect(extensionMatches('scan.jpeg', 'image/jpeg')).toBe(true);
    expect(extensionMatches('letter.docx', 'application/zip')).toBe(false);
    expect(extensionMatches('data.bin', 'application/octet-stream')).toBe(true);
    expect(extensionMatches('invoice.pdf', 'application/octet-stream')).toBe(false);
    expect(extensionMatches('README', 'text/plain')).toBe(true);
    expect(extensionMatches('broken.json', 'text/plain')).toBe(false);
    const result = run([{ id: 'E1', name: 'receipt.jpg', contentBase64: onePixelPng.toString('base64') }]);
    expect(result.items[0]).toMatchObject({
      mediaType: 'image/png',
      extensionMatches: false,
      sizeBytes: onePixelPng.length,
    });
  });
});

describe('processEvidence activity', () => {
  const { processEvidence } = agentActivities().evidence;

  it('runs in an activity context and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const result = await runActivity(processEvidence, { items: [{ id: 'E1', name: 'secret-name.txt', text: 'abc' }] });
    expect(result.items[0]?.sha256).toBe(sha256OfAbc);
    expectCountsOnly(logs.find((l) => l.message === 'Evidence fingerprinted')?.meta);
    expect(JSON.stringify(logs)).not.toContain('secret-name');
  });

  it('rejects invalid content and hostile sizes, naming the field', async () => {
    await expectInvalidJobData(
      () => processEvidence({ items: [{ id: 'E1', name: 'a', contentBase64: 'not base64!' }] }),
      'items[0].contentBase64',
    );
    await expectInvalidJobData(
      () => processEvidence({ items: [{ id: 'E1', name: 'a', contentBase64: 'YWJj\nZGVm' }] }),
      'items[0].contentBase64',
    );
    await expectInvalidJobData(() => processEvidence({ items: [{ id: 'E1', name: 'a' }] }), 'items[0].contentBase64');
    await expectInvalidJobData(
      () => processEvidence({ items: [{ id: 'E1', name: 'a', text: 'x', contentBase64: 'eA==' }] }),
      'items[0].contentBase64',
    );
    await expectInvalidJobData(() => processEvidence({ items: [] }), 'items');
    await expectInvalidJobData(() => processEvidence({ items: [{ id: 'E1', name: 'a', text: 'x'.repeat(1_000_001) }] }), 'items[0].text');
    await expectInvalidJobData(() => processEvidence({ items: new Array(1_001).fill({ id: 'E', name: 'a', text: '' }) }), 'items');
  });
});
