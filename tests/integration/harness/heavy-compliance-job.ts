/**
 * A CPU-heavy COMPLIANCE_MONITORING job: `counterparties` distinct counterparties screened against `names`
 * watch-list names, all alike ("Customer number 17 trading" against "Listed person 119 holdings"), so the
 * screening's pruning cannot skip pairs and every one of the counterparties × names comparisons runs. 2,000 × 5,000
 * is the most one job may do (maxScreeningComparisons): several seconds of one core, in one synchronous stretch.
 */
export function heavyComplianceJob(counterparties = 2_000, names = 5_000, caseId = 'CASE-HEAVY'): object {
  return {
    name: `screen ${counterparties} counterparties against ${names} names`,
    type: 'COMPLIANCE_MONITORING',
    priority: 'NORMAL',
    caseId,
    data: {
      transactions: Array.from({ length: counterparties }, (_, i) => ({
        id: `T${i}`,
        date: '2026-02-02',
        amount: 100 + i,
        counterparty: `Customer number ${i} trading`,
        type: 'WIRE',
      })),
      watchList: Array.from({ length: names }, (_, i) => ({ name: `Listed person ${i * 7} holdings` })),
    },
  };
}
