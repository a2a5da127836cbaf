import { describe, expect, it } from 'vitest';
import { parsePipelineFile, PipelineFileError } from './parse-pipeline-file.js';

function failure(text: string): PipelineFileError {
  try {
    parsePipelineFile(text, 'app.yml');
  } catch (error) {
    if (error instanceof PipelineFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const declaration = {
  name: 'app',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  artifactStore: { type: 'S3', location: 'bucket' },
  stages: [{ name: 'Source', actions: [{ name: 'S', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }, runOrder: 1 }] }],
  pipelineType: 'V2',
};

describe('parsePipelineFile', () => {
  it('reads --cli-input-json with tags, and a bare declaration, as JSON', () => {
    expect(parsePipelineFile(JSON.stringify({ pipeline: declaration, tags: [{ key: 'team', value: 'a' }] }, null, 2))).toEqual({
      pipeline: declaration,
      tags: [{ key: 'team', value: 'a' }],
    });
    expect(parsePipelineFile(JSON.stringify(declaration))).toEqual({ pipeline: declaration });
  });

  it('reads YAML, keeping strings that look like other types as written when quoted', () => {
    const yaml = [
      'pipeline:',
      '  name: app',
      '  roleArn: arn:aws:iam::123456789012:role/r',
      '  artifactStore: { type: S3, location: bucket }',
      '  pipelineType: V2',
      '  stages:',
      '    - name: Source',
      '      actions:',
      '        - name: S',
      '          actionTypeId: { category: Source, owner: AWS, provider: S3, version: "1" }',
      '          runOrder: 1',
      '          configuration:',
      "            PollForSourceChanges: 'false'",
      '',
    ].join('\n');
    const parsed = parsePipelineFile(yaml);
    expect(parsed.pipeline).toMatchObject({ name: 'app', pipelineType: 'V2' });
    expect(parsed.pipeline.stages).toEqual([{ ...declaration.stages[0], actions: [{ ...declaration.stages[0]!.actions[0], configuration: { PollForSourceChanges: 'false' } }] }]);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const error = failure('{\n  "pipeline": {\n    "name": "app",\n  }\n  "tags": []\n}');
    expect(error.message).toMatch(/^app\.yml is not valid JSON or YAML at line \d+, column \d+: /);
    expect(error.position?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a YAML syntax error and a duplicate key with their line and column', () => {
    const tab = failure('pipeline:\n  name: app\n\troleArn: x\n');
    expect(tab.position).toEqual({ line: 3, column: 1 });
    expect(tab.message).toBe('app.yml is not valid JSON or YAML at line 3, column 1: Tabs are not allowed as indentation');
    const duplicate = failure('name: a\nroleArn: r\nname: b\n');
    expect(duplicate.message).toMatch(/line 3, column 1: Map keys must be unique/);
  });

  it('refuses unknown top-level keys with their path and position', () => {
    const getPipelineOutput = failure(JSON.stringify({ pipeline: declaration, metadata: { pipelineArn: 'x' } }, null, 2));
    expect(getPipelineOutput.message).toMatch(/^Unknown key metadata in app\.yml at line \d+, column 3 \(the metadata GetPipeline returns is not part of a definition; remove it\); the keys allowed there are pipeline, tags\.$/);
    expect(failure('pipeline:\n  name: app\n  stage: []\n')).toMatchObject({ message: expect.stringMatching(/^Unknown key pipeline\.stage in app\.yml at line 3, column 3;/) as string, position: { line: 3, column: 3 } });
    expect(failure('name: app\nstagez: []\n').message).toMatch(/^Unknown key stagez in app\.yml at line 2, column 1; the keys allowed there are name, roleArn,/);
  });

  it('refuses a file that holds no mapping, and a pipeline member that is not one', () => {
    expect(failure('- a\n- b\n').message).toMatch(/must hold a mapping/);
    expect(failure('').message).toMatch(/must hold a mapping/);
    expect(failure('pipeline: [1, 2]\n')).toMatchObject({ message: expect.stringMatching(/pipeline member of app\.yml must be a mapping/) as string, position: { line: 1, column: 11 } });
  });
});
