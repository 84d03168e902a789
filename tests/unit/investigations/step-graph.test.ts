import { dependenciesOf, dependentsOf, findCycles, topologicalLayers } from '../../../src/investigations';

// The fraud-investigation shape: one root, two parallel branches, a join, then a tail.
const diamond = {
  steps: [
    { name: 'evidence_collection' },
    { name: 'pattern_analysis', dependsOn: ['evidence_collection'] },
    { name: 'compliance_screening', dependsOn: ['evidence_collection'] },
    { name: 'risk_assessment', dependsOn: ['pattern_analysis', 'compliance_screening'] },
    { name: 'litigation_summary', dependsOn: ['risk_assessment'] },
    { name: 'independent' },
  ],
};

describe('topologicalLayers', () => {
  it('puts each step one layer after its latest dependency, in definition order within a layer', () => {
    expect(topologicalLayers(diamond)).toEqual([
      ['evidence_collection', 'independent'],
      ['pattern_analysis', 'compliance_screening'],
      ['risk_assessment'],
      ['litigation_summary'],
    ]);
  });

  it('places a step by its longest chain of dependencies, whatever the listing order', () => {
    const steps = [
      { name: 'late', dependsOn: ['a', 'c'] },
      { name: 'c', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['a'] },
      { name: 'a' },
    ];
    expect(topologicalLayers({ steps })).toEqual([['a'], ['b'], ['c'], ['late']]);
  });

  it('throws on a cycle', () => {
    expect(() =>
      topologicalLayers({
        steps: [
          { name: 'a', dependsOn: ['b'] },
          { name: 'b', dependsOn: ['a'] },
        ],
      }),
    ).toThrow('dependency cycle among steps: a, b');
  });
});

describe('dependenciesOf and dependentsOf', () => {
  it('follow dependencies transitively, in definition order', () => {
    expect(dependenciesOf(diamond, 'litigation_summary')).toEqual([
      'evidence_collection',
      'pattern_analysis',
      'compliance_screening',
      'risk_assessment',
    ]);
    expect(dependenciesOf(diamond, 'evidence_collection')).toEqual([]);
    expect(dependentsOf(diamond, 'pattern_analysis')).toEqual(['risk_assessment', 'litigation_summary']);
    expect(dependentsOf(diamond, 'evidence_collection')).toEqual([
      'pattern_analysis',
      'compliance_screening',
      'risk_assessment',
      'litigation_summary',
    ]);
    expect(dependentsOf(diamond, 'litigation_summary')).toEqual([]);
    expect(dependentsOf(diamond, 'no_such_step')).toEqual([]);
  });

  it('ignore unknown names and self-dependencies', () => {
    const steps = [
      { name: 'a', dependsOn: ['a', 'ghost'] },
      { name: 'b', dependsOn: ['a'] },
    ];
    expect(dependenciesOf({ steps }, 'b')).toEqual(['a']);
    expect(topologicalLayers({ steps })).toEqual([['a'], ['b']]);
  });
});

describe('findCycles', () => {
  it('reports one shortest cycle per group of steps waiting for each other', () => {
    const steps = [
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c', 'a'] },
      { name: 'c', dependsOn: ['a'] },
      { name: 'x', dependsOn: ['y'] },
      { name: 'y', dependsOn: ['x', 'a'] },
      { name: 'free', dependsOn: ['a'] },
    ];
    expect(findCycles({ steps })).toEqual([
      ['a', 'b', 'a'],
      ['x', 'y', 'x'],
    ]);
    expect(findCycles(diamond)).toEqual([]);
  });
});
