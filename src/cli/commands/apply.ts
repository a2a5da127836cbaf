import { Command } from 'commander';
import { addTemplateOptions, addTerraformVarOption } from '../template-options.js';
import { lazyAction } from '../lazy-action.js';

/**
 * `apply -f FILE`: creates the pipeline the file declares, or updates it when one of that name exists
 * (GetPipeline decides). Prints the version; with --json, CreatePipeline's or UpdatePipeline's response
 * plus `"action": "created" | "updated"`. Tags in the file apply on create only (UpdatePipeline takes none).
 * A CloudFormation, SAM or CDK template applies each pipeline it creates (or the one --logical-id
 * names), then what the template asks beside the declaration: inbound transitions disabled
 * (DisableInboundStageTransitions) and its webhooks (PutWebhook, and RegisterWebhookWithThirdParty
 * when RegisterWithThirdParty is true). A refusal names the template's line and resource.
 */
export function applyCommand(): Command {
  return addTerraformVarOption(addTemplateOptions(
    new Command('apply')
      .description('Create a pipeline from a definition (JSON or YAML) or a CloudFormation, SAM or CDK template, or update it if it exists.')
      .requiredOption('-f, --file <file>', 'the definition: a declaration, {"pipeline": …, "tags": […]}, or a template (- for stdin)'),
  )).action(lazyAction(() => import('../actions/apply.js'), 'applyAction'));
}
