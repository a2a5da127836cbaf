import { describe, expect, it } from 'vitest';
import { validateInput } from '../../src/api/protocol/validate-input.js';
import { readTerraform } from '../../src/cli/terraform-file.js';
import { expectValid, fixturePath, stagesOf } from './kit/template-fixtures.js';

const settings = { region: 'us-east-1', accountId: '123456789012' };
const noInputs = { parameters: {}, resourceNames: {}, importValues: {} };

/** Real Terraform (see fixtures/README.md), read with the HCL parser and translated without edits. */
describe('Terraform aws_codepipeline', () => {
  it('the AWS provider documentation’s example: references to resources resolve, a data source is named as unresolved', async () => {
    const result = await readTerraform(fixturePath('terraform-provider-docs/main.tf'), { inputs: noInputs, ...settings });
    expect(result.kind).toBe('terraform');
    const [pipeline] = result.pipelines;
    expect(pipeline!.logicalId).toBe('aws_codepipeline.codepipeline');
    expect(pipeline!.at).toEqual({ line: 1, column: 1 });
    expect(pipeline!.pipeline).toMatchObject({
      name: 'tf-test-pipeline',
      roleArn: 'arn:aws:iam::123456789012:role/test-role',
      artifactStore: { location: 'test-bucket', type: 'S3', encryptionKey: { id: 'UNRESOLVED-Expr-data.aws_kms_alias.s3kmskey.arn', type: 'KMS' } },
    });
    expect(stagesOf(pipeline!).map((stage) => stage.name)).toEqual(['Source', 'Build', 'Deploy']);
    const source = stagesOf(pipeline!)[0]!.actions[0]!;
    expect(source.configuration!.ConnectionArn).toMatch(/^arn:aws:codestar-connections:us-east-1:123456789012:connection\/[0-9a-f-]{36}$/);
    expect(stagesOf(pipeline!)[1]!.actions[0]).toMatchObject({ inputArtifacts: [{ name: 'source_output' }], outputArtifacts: [{ name: 'build_output' }], configuration: { ProjectName: 'test' } });
    expect(pipeline!.placeholders).toEqual([expect.objectContaining({ kind: 'unknown', value: 'UNRESOLVED-Expr-data.aws_kms_alias.s3kmskey.arn' })]);
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline!.pipeline })).not.toThrow();
    expect(expectValid(pipeline!)).toBe('valid');
  });

  it('aws-samples’ module: variables given as terraform -var takes them, a dynamic "stage" block per build stage, index() and a conditional', async () => {
    const stages = `[
      { name = "validate", category = "Test", owner = "AWS", provider = "CodeBuild", input_artifacts = "SourceOutput", output_artifacts = "ValidateOutput" },
      { name = "plan", category = "Test", owner = "AWS", provider = "CodeBuild", input_artifacts = "ValidateOutput", output_artifacts = "PlanOutput" },
      { name = "apply", category = "Build", owner = "AWS", provider = "CodeBuild", input_artifacts = "PlanOutput", output_artifacts = "ApplyOutput" }
    ]`;
    const parameters = {
      project_name: 'tf-validate-project',
      source_repo_name: 'terraform-sample-repo',
      source_repo_branch: 'main',
      s3_bucket_name: 'artifacts',
      codepipeline_role_arn: 'arn:aws:iam::123456789012:role/pipeline',
      kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      tags: '{ Project = "demo" }',
      stages,
    };
    const result = await readTerraform(fixturePath('terraform-aws-samples/modules/codepipeline/main.tf'), { inputs: { ...noInputs, parameters }, ...settings });
    const [pipeline] = result.pipelines;
    expect(pipeline!.pipeline.name).toBe('tf-validate-project-pipeline');
    expect(pipeline!.tags).toEqual([{ key: 'Project', value: 'demo' }]);
    expect(stagesOf(pipeline!).map((stage) => stage.name)).toEqual(['Source', 'Stage-validate', 'Stage-plan', 'Stage-apply']);
    expect(stagesOf(pipeline!)[2]!.actions[0]).toMatchObject({
      name: 'Action-plan',
      actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
      inputArtifacts: [{ name: 'ValidateOutput' }],
      runOrder: 3,
      configuration: { ProjectName: 'tf-validate-project-plan' },
    });
    expect(pipeline!.placeholders).toEqual([]);
    expect(expectValid(pipeline!)).toBe('valid');

    const missing = await readTerraform(fixturePath('terraform-aws-samples/modules/codepipeline/main.tf'), { inputs: { ...noInputs, parameters: { ...parameters, project_name: undefined as unknown as string } }, ...settings });
    expect(missing.pipelines[0]!.placeholders.map((placeholder) => placeholder.hint)).toContain('--var project_name=VALUE');
  });
});
