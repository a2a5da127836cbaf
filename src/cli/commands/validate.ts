import { Command } from 'commander';
import { addTemplateOptions, addTerraformVarOption } from '../template-options.js';
import { lazyAction } from '../lazy-action.js';

/**
 * `validate -f FILE`: the server's checks of a definition, offline (artifact stores are checked against
 * the region the client is configured for, read from the same variables as the server's). The file is
 * CodePipeline's definition, or a CloudFormation, SAM or CDK template, each of whose pipelines is
 * translated and checked; a refusal then names the template's line and the resource. With --json it
 * prints `{"valid": true, "pipeline": …}` or `{"valid": false, "file", "error": {"type", "message", "line"?, "column"?}}`
 * (for a template: `{"valid", "file", "pipelines": [{"valid", "pipeline" | "error", "template", "notes", "placeholders", …}]}`).
 */
export function validateCommand(): Command {
  return addTerraformVarOption(addTemplateOptions(
    new Command('validate')
      .description('Check a pipeline definition offline, as the server would: CodePipeline JSON/YAML, or a CloudFormation, SAM or CDK template.')
      .requiredOption('-f, --file <file>', 'the definition or template (- for stdin)'),
  )).action(lazyAction(() => import('../actions/validate.js'), 'validateAction'));
}
