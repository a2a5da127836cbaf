import type { ActionJob, ProviderTools } from '../../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../../shared/aws-failure.js';
import type { InputArtifacts } from '../../shared/input-artifacts.js';
import { templateBodyLimit, templateUrlFor } from '../large-template.js';

/** "This must point to a template with a maximum size of 460,800 bytes" (StackSets action reference, TemplatePath). */
const stackSetTemplateLimit = 460_800;

/** The stack set template as CreateStackSet and UpdateStackSet take it: the body, or an S3 URL when it is over the body limit. */
export async function stackSetTemplate(
  job: ActionJob,
  tools: ProviderTools,
  inputs: InputArtifacts,
  templatePath: string,
  bucket: string | undefined,
): Promise<{ TemplateBody: string } | { TemplateURL: string }> {
  const body = await inputs.fileAt(templatePath, 'TemplatePath');
  const size = Buffer.byteLength(body);
  if (size > stackSetTemplateLimit) throw new AwsActionFailure('ConfigurationError', `TemplatePath ${templatePath} is ${size} bytes; a stack set template may be ${stackSetTemplateLimit} bytes at most.`);
  if (size <= templateBodyLimit) return { TemplateBody: body };
  return { TemplateURL: await templateUrlFor(job, tools, templatePath, body, bucket) };
}
