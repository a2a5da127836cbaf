/**
 * CloudFormation's YAML short forms and the long form each stands for (AWS CloudFormation User Guide,
 * "Intrinsic function reference": `!Ref`, `!Sub`, `!GetAtt`…; `!Condition` is the short form of the
 * `Condition` key inside Conditions). Anything else starting with `!` is refused with its position.
 */
export const shortFormTags: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  // AWS::LanguageExtensions
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};
