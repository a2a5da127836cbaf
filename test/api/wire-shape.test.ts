import { describe, expect, it } from 'vitest';
import { wireShapeProblems } from '../kit/wire-shape.js';

/** The checker the API tests rely on finds what a strict client would choke on. */
describe('wire shape checker', () => {
  const summary = { name: 'p', version: 1, pipelineType: 'V2', executionMode: 'QUEUED', created: 1_700_000_000, updated: 1_700_000_000.5 };

  it('accepts a valid output', () => {
    expect(wireShapeProblems('ListPipelinesOutput', { pipelines: [summary], nextToken: 'abc' })).toEqual([]);
  });

  it('reports missing required members, unknown members and nulls with their paths', () => {
    expect(wireShapeProblems('ListActionTypesOutput', { nextToken: 'abc', extra: 1 })).toEqual([
      'actionTypes: required member of ListActionTypesOutput is missing',
      'extra: ListActionTypesOutput has no member extra',
    ]);
    expect(wireShapeProblems('ListPipelinesOutput', { pipelines: [{ ...summary, name: null }] })).toEqual(['pipelines[0].name: null is never sent by AWS']);
  });

  it('reports wrong types, enums, lengths, patterns and millisecond timestamps', () => {
    expect(wireShapeProblems('ListPipelinesOutput', { pipelines: [{ ...summary, version: '1', pipelineType: 'V3', created: 1_700_000_000_000, name: 'bad name' }] })).toEqual([
      "pipelines[0].name: 'bad name' does not match [A-Za-z0-9.@\\-_]+",
      'pipelines[0].version: expected an integer (PipelineVersion), found string',
      "pipelines[0].pipelineType: 'V3' is not one of V1|V2",
      'pipelines[0].created: 1700000000000 is not a timestamp in epoch seconds',
    ]);
    expect(wireShapeProblems('ListTagsForResourceOutput', { tags: [{ key: '', value: 'v' }] })).toEqual(['tags[0].key: length 0 is below 1']);
  });
});
