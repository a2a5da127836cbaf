import {
  CreatePipelineCommand,
  DisableStageTransitionCommand,
  GetPipelineCommand,
  PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand,
  UpdatePipelineCommand,
  type CreatePipelineInput,
  type PipelineDeclaration,
  type WebhookDefinition,
} from '@aws-sdk/client-codepipeline';
import { ServerRefusedError, withoutMetadata } from '../../client/index.js';
import type { TranslatedPipeline } from '../../templates/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { parseApiDefinition, readDefinitionForCommand } from '../definition-source.js';
import { CliFailure, ExitCode, usageError } from '../exit-codes.js';
import { runAction } from '../run-action.js';
import {   type TemplateFlags } from '../template-options.js';
import { templateRefusal } from '../template-refusal.js';
import { describeOrigin, printTranslationReport, translationFacts } from '../translation-report.js';

/**
 * `apply -f FILE`: creates the pipeline the file declares, or updates it when one of that name exists
 * (GetPipeline decides). Prints the version; with --json, CreatePipeline's or UpdatePipeline's response
 * plus `"action": "created" | "updated"`. Tags in the file apply on create only (UpdatePipeline takes none).
 * A CloudFormation, SAM or CDK template applies each pipeline it creates (or the one --logical-id
 * names), then what the template asks beside the declaration: inbound transitions disabled
 * (DisableInboundStageTransitions) and its webhooks (PutWebhook, and RegisterWebhookWithThirdParty
 * when RegisterWithThirdParty is true). A refusal names the template's line and resource.
 */
export const applyAction = runAction<TemplateFlags & { file: string; var: string[] }>(async (context, options) => {
  const flags = { ...options, terraformVar: options.var };
  const definition = await readDefinitionForCommand(flags.file, flags, context.connection);
  if (definition.kind === 'api') {
    const file = parseApiDefinition(definition);
    const pipeline = file.pipeline as unknown as PipelineDeclaration;
    if (typeof pipeline.name !== 'string') throw usageError(`${flags.file} declares no pipeline name.`);
    const applied = await applyPipeline(context, pipeline, file.tags as CreatePipelineInput['tags']);
    if (context.json) printJson(applied.response);
    else context.out.line(applied.summary);
    return;
  }
  const { source, result } = definition;
  for (const skipped of result.skipped) context.out.note(`note: ${skipped.logicalId} is not created (${skipped.reason}), so it is not applied.`);
  const responses: Record<string, unknown>[] = [];
  for (const translated of result.pipelines) {
    const applied = await applyTranslated(context, source, translated);
    responses.push({ ...applied.response, ...translationFacts(source, translated) });
    if (!context.json) {
      context.out.line(`${applied.summary} (${describeOrigin(source, translated)})`);
      printTranslationReport(context.out, translated);
    }
  }
  if (context.json) printJson({ file: source, pipelines: responses });
  return ExitCode.success;
});

interface Applied {
  response: Record<string, unknown>;
  summary: string;
}

async function applyTranslated(context: CliContext, source: string, translated: TranslatedPipeline): Promise<Applied> {
  const pipeline = translated.pipeline as unknown as PipelineDeclaration;
  let applied: Applied;
  try {
    applied = await applyPipeline(context, pipeline, translated.tags);
  } catch (error) {
    if (!(error instanceof ServerRefusedError)) throw error;
    throw new CliFailure(templateRefusal(source, translated, error.exceptionName, error.message).text, ExitCode.refused);
  }
  const { send } = context;
  for (const transition of translated.disabledTransitions) {
    await send((client) =>
      client.send(new DisableStageTransitionCommand({ pipelineName: pipeline.name, stageName: transition.stageName, transitionType: 'Inbound', reason: transition.reason })),
    );
  }
  for (const { webhook, registerWithThirdParty } of translated.webhooks) {
    await send((client) => client.send(new PutWebhookCommand({ webhook: webhook as unknown as WebhookDefinition })));
    if (registerWithThirdParty) await send((client) => client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: webhook.name })));
    if (!context.json) context.out.line(`Put webhook ${webhook.name} for ${pipeline.name}${registerWithThirdParty ? ' (registered)' : ''}.`);
  }
  return applied;
}

async function applyPipeline(context: CliContext, pipeline: PipelineDeclaration, tags: CreatePipelineInput['tags']): Promise<Applied> {
  const { send } = context;
  const name = pipeline.name ?? '';
  if (await pipelineExists(send, name)) {
    const updated = await send((client) => client.send(new UpdatePipelineCommand({ pipeline })));
    return { response: { action: 'updated', ...withoutMetadata(updated) }, summary: `Updated pipeline ${name}: version ${updated.pipeline?.version ?? '?'}.` };
  }
  const input: CreatePipelineInput = { pipeline, ...(tags !== undefined ? { tags } : {}) };
  const created = await send((client) => client.send(new CreatePipelineCommand(input)));
  return {
    response: { action: 'created', ...withoutMetadata(created) },
    summary: `Created pipeline ${name}: version ${created.pipeline?.version ?? 1}; its first execution has started.`,
  };
}

async function pipelineExists(send: CliContext['send'], name: string): Promise<boolean> {
  try {
    await send((client) => client.send(new GetPipelineCommand({ name })));
    return true;
  } catch (error) {
    if (error instanceof ServerRefusedError && error.exceptionName === 'PipelineNotFoundException') return false;
    throw error;
  }
}
