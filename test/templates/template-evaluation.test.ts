import { describe, expect, it } from 'vitest';
import { readTemplateFile, TemplateError, type TranslatedPipeline } from '../../src/templates/index.js';

/** A one-action pipeline whose CodeBuild ProjectName is `value` (YAML text), in a template with parameters, mappings and conditions. */
function templateWith(value: string, extra = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, Default: prod }
  Zones: { Type: CommaDelimitedList, Default: 'a,b,c' }
  NoDefault: { Type: String }
Mappings:
  Settings:
    prod: { Size: large }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsBig: !And [!Condition IsProd, !Not [!Equals [!FindInMap [Settings, prod, Size], small]]]
Resources:
  Repo: { Type: AWS::CodeCommit::Repository, Properties: { RepositoryName: app } }
  Artifacts: { Type: AWS::S3::Bucket }
  Role: { Type: AWS::IAM::Role, Properties: { RoleName: pipeline-role } }
${extra}  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt Role.Arn
      ArtifactStore: { Type: S3, Location: !Ref Artifacts }
      Stages:
        - Name: Source
          Actions:
            - Name: Source
              ActionTypeId: { Category: Source, Owner: AWS, Provider: CodeCommit, Version: 1 }
              Configuration: { RepositoryName: !GetAtt Repo.Name, BranchName: main }
              OutputArtifacts: [{ Name: Src }]
        - Name: Build
          Actions:
            - Name: Build
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: 1 }
              Configuration:
                ProjectName: ${value}
              InputArtifacts: [{ Name: Src }]
`;
}

function translate(text: string, inputs: { parameters?: Record<string, string>; importValues?: Record<string, string> } = {}): TranslatedPipeline {
  const result = readTemplateFile(text, {
    source: 'template.yaml',
    inputs: { parameters: inputs.parameters ?? {}, resourceNames: {}, importValues: inputs.importValues ?? {} },
    region: 'eu-central-1',
    accountId: '123456789012',
    stackName: 'shop',
  });
  return result!.pipelines[0]!;
}

function projectName(pipeline: TranslatedPipeline): string | undefined {
  const stages = pipeline.pipeline.stages as { actions: { configuration?: Record<string, string> }[] }[];
  return stages[1]?.actions[0]?.configuration?.ProjectName;
}

describe('intrinsic functions, parameters, pseudo parameters, mappings and conditions', () => {
  it.each([
    ['!Sub "${AWS::StackName}-${Env}-${AWS::Region}"', 'shop-prod-eu-central-1'],
    ['!Sub "${!Literal}-${Role.Arn}"', '${Literal}-arn:aws:iam::123456789012:role/pipeline-role'],
    ['!Sub ["${Name}-${AWS::AccountId}", { Name: !Ref Env }]', 'prod-123456789012'],
    ['{ "Fn::Join": ["-", [a, !Ref Env, !Ref "AWS::Partition", !Ref "AWS::URLSuffix"]] }', 'a-prod-aws-amazonaws.com'],
    ['!Select [1, !Ref Zones]', 'b'],
    ['!Select [2, !Split [",", "x,y,z"]]', 'z'],
    ['!If [IsBig, big, small]', 'big'],
    ['!FindInMap [Settings, !Ref Env, Size]', 'large'],
    ['!Base64 hello', 'aGVsbG8='],
    ['!Select [0, !GetAZs ""]', 'eu-central-1a'],
    ['!ImportValue SharedProject', 'UNRESOLVED-Import-SharedProject'],
    ['!Ref NoDefault', 'UNRESOLVED-Parameter-NoDefault'],
    ['!GetAtt Artifacts.DomainName', 'shop-artifacts.s3.amazonaws.com'],
    ['!Join ["", [!Ref Artifacts, "-", !GetAtt Repo.Arn]]', 'shop-artifacts-arn:aws:codecommit:eu-central-1:123456789012:app'],
  ])('ProjectName: %s → %s', (expression, expected) => {
    expect(projectName(translate(templateWith(expression)))).toBe(expected);
  });

  it('parameters given on the command line win over defaults, and decide conditions; imports are given too', () => {
    expect(projectName(translate(templateWith('!If [IsProd, p, d]'), { parameters: { Env: 'dev' } }))).toBe('d');
    expect(projectName(translate(templateWith('!ImportValue SharedProject'), { importValues: { SharedProject: 'shared-build' } }))).toBe('shared-build');
  });

  it('placeholders are named with the option that sets them; names made up for resources too', () => {
    const pipeline = translate(templateWith('!Join ["-", [!Ref NoDefault, !ImportValue X]]'));
    expect(pipeline.placeholders.map((placeholder) => [placeholder.kind, placeholder.hint])).toEqual([
      ['resource-name', '--resource-name Pipeline=NAME'],
      ['resource-name', '--resource-name Artifacts=NAME'],
      ['parameter', '--parameter NoDefault=VALUE'],
      ['import', '--import-value X=VALUE'],
    ]);
  });

  it('AWS::NoValue removes a property and a list item', () => {
    const pipeline = translate(
      templateWith('build', '').replace(
        'OutputArtifacts: [{ Name: Src }]',
        'OutputArtifacts: [{ Name: Src }, !If [IsProd, !Ref "AWS::NoValue", { Name: Other }]]\n              Namespace: !If [IsProd, !Ref "AWS::NoValue", NS]',
      ),
    );
    const source = (pipeline.pipeline.stages as { actions: Record<string, unknown>[] }[])[0]!.actions[0]!;
    expect(source.outputArtifacts).toEqual([{ name: 'Src' }]);
    expect(source).not.toHaveProperty('namespace');
  });

  it('a pipeline whose condition is false is not translated; it is said why', () => {
    const text = templateWith('build').replace('    Type: AWS::CodePipeline::Pipeline', '    Type: AWS::CodePipeline::Pipeline\n    Condition: IsProd');
    const result = readTemplateFile(text, { source: 't.yaml', inputs: { parameters: { Env: 'dev' }, resourceNames: {}, importValues: {} }, region: 'us-east-1', accountId: '123456789012' });
    expect(result?.pipelines).toEqual([]);
    expect(result?.skipped).toEqual([{ logicalId: 'Pipeline', reason: 'its condition IsProd is false' }]);
  });
});

describe('refusals name the line, column and resource', () => {
  const refusal = (text: string): TemplateError => {
    try {
      readTemplateFile(text, { source: 'template.yaml', inputs: { parameters: {}, resourceNames: {}, importValues: {} }, region: 'us-east-1', accountId: '123456789012' });
    } catch (error) {
      if (error instanceof TemplateError) return error;
      throw error;
    }
    throw new Error('no refusal');
  };

  it('a property CloudFormation does not know', () => {
    const error = refusal(templateWith('build').replace('              InputArtifacts: [{ Name: Src }]', '              InputArtifact: [{ Name: Src }]'));
    expect(error.message).toMatch(/^template\.yaml \(line 34, column 15, resource Pipeline\): ActionDeclaration has no property InputArtifact/);
  });

  it('a Ref to nothing, an unknown condition, an unknown tag', () => {
    expect(refusal(templateWith('!Ref Nowhere')).message).toMatch(/line 33, column 35, resource Pipeline\): Ref to Nowhere: the template has no parameter or resource/);
    expect(refusal(templateWith('!If [Missing, a, b]')).message).toContain('the template has no condition Missing');
    expect(refusal(templateWith('!Reference Env')).message).toMatch(/line 33, column \d+\): !Reference is not a CloudFormation intrinsic function/);
    expect(refusal(templateWith('{ "Fn::Cidr": ["10.0.0.0/16", 1, 8] }')).message).toContain('Fn::Cidr is not an intrinsic function this translation evaluates');
  });
});
