import type { TemplateInputs } from '../cloudformation/template-evaluator.js';
import { PlaceholderRecorder, unresolvedText } from '../placeholders.js';
import { SourceMap, type DeclarationPath } from '../source-map.js';
import { TemplateError } from '../template-error.js';
import type { Position } from '../template-node.js';
import type { BuildProjectHint, TranslatedPipeline, TranslatedWebhook, TranslationResult } from '../translation.js';
import { evaluateHcl, indexInto, templateSource, UnknownValue, type Evaluated, type HclNode, type HclValue } from './hcl-expression.js';
import { dataSourceValue, resourceAttribute, terraformKinds } from './terraform-references.js';

/** A Terraform module as the HCL parser gives it: each file's JSON form, and the syntax tree of every `${…}` string in them. */
export interface TerraformModule {
  files: { name: string; text: string; json: TerraformJson }[];
  /** `templateSource(text)` → its syntax tree, for every string holding an expression (and every --parameter value that is one). */
  expressions: ReadonlyMap<string, HclNode>;
  /** Values of terraform.tfvars and *.auto.tfvars, in the order Terraform reads them (later wins). */
  tfvars: Record<string, unknown>[];
}

type Body = Record<string, unknown>;
interface TerraformJson {
  variable?: Record<string, Body[]>;
  locals?: Body[];
  resource?: Record<string, Record<string, Body[]>>;
}

export interface TerraformOptions {
  source: string;
  inputs: TemplateInputs;
  region: string;
  accountId: string;
  /** `aws_codepipeline.NAME`: only this pipeline. */
  logicalId?: string;
  /** Translate only the pipelines of this file (its siblings still give variables, locals and resources). */
  onlyFile?: string;
}

/**
 * Terraform's `aws_codepipeline` (and the `aws_codepipeline_webhook`s and `aws_codebuild_project`s
 * beside it) → CodePipeline's declaration, as far as its values are literals, variables (--parameter /
 * --var, terraform.tfvars, defaults), locals, references to the module's resources and the functions
 * hcl-expression.ts evaluates; `dynamic` blocks are expanded. The AWS provider's block names are the
 * API's members in snake_case; blocks the API has as objects (encryption_key, git_configuration…) are
 * Terraform blocks of one. What is unknown becomes a named placeholder.
 */
export function translateTerraform(module: TerraformModule, options: TerraformOptions): TranslationResult {
  const resources = new Map<string, { type: string; name: string; body: Body; file: string }>();
  for (const file of module.files) {
    for (const [type, byName] of Object.entries(file.json.resource ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        const body = bodies[0];
        if (body !== undefined) resources.set(`${type}.${name}`, { type, name, body, file: file.name });
      }
    }
  }
  const pipelines = [...resources.values()].filter((resource) => resource.type === 'aws_codepipeline' && (options.onlyFile === undefined || resource.file === options.onlyFile));
  if (pipelines.length === 0) throw new TemplateError('the configuration has no aws_codepipeline resource', options.source);
  const chosen = options.logicalId === undefined ? pipelines : pipelines.filter((resource) => `aws_codepipeline.${resource.name}` === options.logicalId);
  if (chosen.length === 0) throw new TemplateError(`no ${options.logicalId ?? ''}; the pipelines: ${pipelines.map((resource) => `aws_codepipeline.${resource.name}`).join(', ')}`, options.source);
  return {
    kind: 'terraform',
    pipelines: chosen.map((resource) => new PipelineTranslation(module, resources, options, resource).translate()),
    skipped: [],
  };
}

type Binding = { iterator: string; key: HclValue; value: HclValue };

class PipelineTranslation {
  private readonly placeholders = new PlaceholderRecorder();
  private readonly notes = new Set<string>();
  private readonly bindings: Binding[] = [];
  private readonly localsInProgress = new Set<string>();
  private readonly file: { name: string; text: string };
  private readonly at: Position;
  private readonly sourceMap: SourceMap;

  constructor(
    private readonly module: TerraformModule,
    private readonly resources: ReadonlyMap<string, { type: string; name: string; body: Body; file: string }>,
    private readonly options: TerraformOptions,
    private readonly resource: { type: string; name: string; body: Body; file: string },
  ) {
    this.file = module.files.find((file) => file.name === resource.file) ?? { name: resource.file, text: '' };
    this.at = positionOf(this.file.text, new RegExp(`resource\\s+"aws_codepipeline"\\s+"${resource.name}"`), 0) ?? { line: 1, column: 1 };
    this.sourceMap = new SourceMap(this.at);
  }

  translate(): TranslatedPipeline {
    const body = this.resource.body;
    const pipeline: Record<string, unknown> & { name: string } = { name: this.text(body.name, 'name') ?? this.resource.name };
    for (const [argument, member] of [['role_arn', 'roleArn'], ['pipeline_type', 'pipelineType'], ['execution_mode', 'executionMode']] as const) {
      const value = this.text(body[argument], argument);
      if (value !== undefined) pipeline[member] = value;
    }
    const stores = this.blocks(body, 'artifact_store').map((store) => this.withBinding(store.binding, () => this.convert(store.body, ['artifactStore'])));
    if (stores.length === 1 && stores[0]!.region === undefined) pipeline.artifactStore = stores[0];
    else if (stores.length > 0) pipeline.artifactStores = Object.fromEntries(stores.map(({ region, ...store }) => [String(region), store]));
    pipeline.stages = this.blocks(body, 'stage').map((stage, index) => this.withBinding(stage.binding, () => this.stage(stage.body, index)));
    const variables = this.blocks(body, 'variable').map(({ body: variable }) => this.convert(variable, ['variables']));
    if (variables.length > 0) pipeline.variables = variables;
    const triggers = this.blocks(body, 'trigger').map(({ body: trigger }) => this.convert(trigger, ['triggers']));
    if (triggers.length > 0) pipeline.triggers = triggers;
    const tags = this.value(body.tags, 'tags');
    const webhooks = this.webhooks(pipeline.name);
    return {
      logicalId: `aws_codepipeline.${this.resource.name}`,
      kind: 'terraform',
      at: this.at,
      pipeline,
      ...(isObject(tags) ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })) } : {}),
      disabledTransitions: [],
      webhooks,
      buildProjects: this.buildProjects(pipeline),
      notes: [...this.notes],
      placeholders: this.placeholders.all(),
      sourceMap: this.sourceMap,
    };
  }

  private stage(stage: Body, index: number): Record<string, unknown> {
    const name = this.text(stage.name, 'stage name') ?? '';
    const stageAt = positionOf(this.file.text, new RegExp(`name\\s*=\\s*"${escapeRegExp(name)}"`), this.offsetOf(this.at));
    if (stageAt !== undefined) this.sourceMap.set(['stages', index], stageAt);
    const result: Record<string, unknown> = { name };
    result.actions = this.blocks(stage, 'action').map((action, actionIndex) => this.withBinding(action.binding, () => this.action(action.body, ['stages', index, 'actions', actionIndex], stageAt)));
    for (const condition of ['before_entry', 'on_success', 'on_failure'] as const) {
      const [block] = this.blocks(stage, condition);
      if (block !== undefined) result[camel(condition)] = this.convert(block.body, ['stages', index, camel(condition)]);
    }
    return result;
  }

  private action(action: Body, path: DeclarationPath, stageAt: Position | undefined): Record<string, unknown> {
    const name = this.text(action.name, 'action name') ?? '';
    const actionAt = positionOf(this.file.text, new RegExp(`name\\s*=\\s*"${escapeRegExp(name)}"`), stageAt === undefined ? this.offsetOf(this.at) : this.offsetOf(stageAt) + 1);
    if (actionAt !== undefined) this.sourceMap.set(path, actionAt);
    const result: Record<string, unknown> = {
      name,
      actionTypeId: { category: this.text(action.category, 'category'), owner: this.text(action.owner, 'owner'), provider: this.text(action.provider, 'provider'), version: this.text(action.version, 'version') },
    };
    for (const [argument, value] of Object.entries(action)) {
      if (['name', 'category', 'owner', 'provider', 'version'].includes(argument)) continue;
      const converted = argument === 'configuration' ? this.configuration(value, [...path, 'configuration']) : this.convertValue(argument, value, [...path, camel(argument)]);
      if (converted !== undefined) result[camel(argument)] = converted;
    }
    return result;
  }

  private configuration(raw: unknown, path: DeclarationPath): Record<string, string> | undefined {
    const value = this.value(raw, describe(path));
    if (!isObject(value)) return undefined;
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null) continue;
      result[key] = typeof item === 'object' ? JSON.stringify(item) : String(item);
    }
    return result;
  }

  /** A nested block or argument: snake_case → camelCase; blocks of one become objects; artifact names become `{name}`. */
  private convert(body: Body, path: DeclarationPath): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [argument, value] of Object.entries(body)) {
      if (argument === 'dynamic') continue;
      const converted = this.convertValue(argument, value, [...path, camel(argument)]);
      if (converted !== undefined) result[listBlocks[argument] ?? camel(argument)] = converted;
    }
    for (const type of Object.keys(isObject(body.dynamic) ? body.dynamic : {})) {
      const blocks = this.blocks(body, type);
      result[listBlocks[type] ?? camel(type)] = blocks.map((block) => this.withBinding(block.binding, () => this.convert(block.body, path)));
    }
    return result;
  }

  private convertValue(argument: string, raw: unknown, path: DeclarationPath): unknown {
    if (argument === 'configuration') return this.configuration(raw, path);
    if (Array.isArray(raw) && raw.every((item) => isObject(item) && !Array.isArray(item)) && raw.length > 0 && blockArguments.has(argument)) {
      const converted = raw.map((item) => this.convert(item as Body, path));
      return listBlocks[argument] !== undefined ? converted : converted[0];
    }
    const value = this.value(raw, describe(path));
    if (argument === 'input_artifacts' || argument === 'output_artifacts') return Array.isArray(value) ? value.map((name) => ({ name: typeof name === 'string' ? name : JSON.stringify(name) })) : undefined;
    if (value === null) return undefined;
    return value;
  }

  /** The blocks of a type in a body, static ones first, then those its `dynamic` blocks make, each with its iterator. */
  private blocks(body: Body, type: string): { body: Body; binding?: Binding }[] {
    const found: { body: Body; binding?: Binding }[] = (Array.isArray(body[type]) ? (body[type] as Body[]) : []).map((block) => ({ body: block }));
    const dynamic = isObject(body.dynamic) ? (body.dynamic as Record<string, Body[]>)[type] : undefined;
    for (const block of dynamic ?? []) {
      const iterator = typeof block.iterator === 'string' ? block.iterator : type;
      const collection = this.value(block.for_each, `the for_each of dynamic "${type}"`);
      const content = Array.isArray(block.content) ? (block.content[0] as Body | undefined) : undefined;
      if (content === undefined) continue;
      const entries: [HclValue, HclValue][] = Array.isArray(collection) ? collection.map((item, index) => [index, item]) : isObject(collection) ? Object.entries(collection) : [];
      if (!Array.isArray(collection) && !isObject(collection)) this.notes.add(`dynamic "${type}" was left out: its for_each is not known (${String(collection)})`);
      for (const [key, value] of entries) found.push({ body: content, binding: { iterator, key, value } });
    }
    return found;
  }

  private withBinding<T>(binding: Binding | undefined, work: () => T): T {
    if (binding === undefined) return work();
    this.bindings.push(binding);
    try {
      return work();
    } finally {
      this.bindings.pop();
    }
  }

  private text(raw: unknown, what: string): string | undefined {
    const value = this.value(raw, what);
    if (value === null || value === undefined) return undefined;
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  /** A raw JSON value of the parser's output, its expressions evaluated; an unknown one becomes a placeholder. */
  private value(raw: unknown, what: string): HclValue {
    const evaluated = this.evaluateRaw(raw);
    if (!(evaluated instanceof UnknownValue)) return evaluated;
    return this.placeholder(evaluated, what);
  }

  private evaluateRaw(raw: unknown): Evaluated {
    if (typeof raw === 'string') {
      if (!raw.includes('${') && !raw.includes('%{')) return raw;
      const tree = this.module.expressions.get(templateSource(raw));
      if (tree === undefined) return new UnknownValue(raw, 'the expression could not be parsed');
      return evaluateHcl(tree, { traverse: (parts, expression) => this.traverse(parts, expression) });
    }
    if (Array.isArray(raw)) {
      const items = raw.map((item) => this.evaluateRaw(item));
      return items.find((item): item is UnknownValue => item instanceof UnknownValue) ?? (items as HclValue[]);
    }
    if (isObject(raw)) {
      const result: Record<string, HclValue> = {};
      for (const [key, item] of Object.entries(raw)) {
        const value = this.evaluateRaw(item);
        if (value instanceof UnknownValue) return value;
        result[key] = value;
      }
      return result;
    }
    return (raw ?? null) as HclValue;
  }

  private traverse(parts: readonly (string | number)[], expression: string): Evaluated {
    const [root, second, ...rest] = parts;
    const then = (value: Evaluated, remaining: readonly (string | number)[]): Evaluated =>
      remaining.reduce<Evaluated>((current, part) => (current instanceof UnknownValue ? current : indexInto(current, part, expression)), value);
    const binding = [...this.bindings].reverse().find((candidate) => candidate.iterator === root);
    if (binding !== undefined) return then(second === 'key' ? binding.key : binding.value, rest);
    if (root === 'var' && typeof second === 'string') return then(this.variable(second), rest);
    if (root === 'local' && typeof second === 'string') return then(this.local(second, expression), rest);
    if (root === 'data' && typeof second === 'string' && rest.length >= 2) {
      const known = dataSourceValue(second, String(rest[1]), this.options);
      return known ?? new UnknownValue(expression, `data source ${second}.${String(rest[0])} is read from AWS`);
    }
    if (typeof root === 'string' && typeof second === 'string' && this.resources.has(`${root}.${second}`)) return this.resourceReference(root, second, rest, expression);
    return new UnknownValue(expression, root === 'module' ? 'a module output is not evaluated here' : 'nothing here defines it');
  }

  private variable(name: string): Evaluated {
    const given = this.options.inputs.parameters[name];
    if (given !== undefined) {
      const tree = /^\s*[[{]/.test(given) ? this.module.expressions.get(templateSource(`\${${given}}`)) : undefined;
      return tree === undefined ? given : evaluateHcl(tree, { traverse: (parts, text) => this.traverse(parts, text) });
    }
    for (const values of [...this.module.tfvars].reverse()) if (name in values) return this.evaluateRaw(values[name]);
    const declared = this.module.files.flatMap((file) => file.json.variable?.[name] ?? [])[0];
    if (declared !== undefined && 'default' in declared) return this.evaluateRaw(declared.default);
    this.placeholders.record({ kind: 'parameter', subject: `variable ${name}${declared === undefined ? ' (not declared)' : ' (no default)'}`, value: unresolvedText('Var', name), hint: `--var ${name}=VALUE` });
    return unresolvedText('Var', name);
  }

  private local(name: string, expression: string): Evaluated {
    const body = this.module.files.flatMap((file) => file.json.locals ?? []).find((locals) => name in locals);
    if (body === undefined) return new UnknownValue(expression, `no local ${name}`);
    if (this.localsInProgress.has(name)) return new UnknownValue(expression, `local ${name} depends on itself`);
    this.localsInProgress.add(name);
    try {
      return this.evaluateRaw(body[name]);
    } finally {
      this.localsInProgress.delete(name);
    }
  }

  private resourceReference(type: string, label: string, rest: readonly (string | number)[], expression: string): Evaluated {
    const attribute = String(rest[0] ?? 'id');
    const kind = terraformKinds[type];
    const key = `${type}.${label}`;
    let name = this.options.inputs.resourceNames[key];
    if (name === undefined && kind !== undefined) {
      const argument = this.resources.get(key)?.body[kind.nameArgument];
      const evaluated = argument === undefined ? undefined : this.evaluateRaw(argument);
      if (typeof evaluated === 'string') name = evaluated;
    }
    if (name === undefined) {
      name = label;
      this.placeholders.record({ kind: 'resource-name', subject: `${key} (${type})`, value: label, hint: `--resource-name ${key}=NAME` });
    }
    const value = resourceAttribute(type, attribute, { name, region: this.options.region, accountId: this.options.accountId });
    return value ?? new UnknownValue(expression, `the attribute ${attribute} of ${type} is known only to AWS`);
  }

  private placeholder(unknown: UnknownValue, what: string): string {
    return this.placeholders.record({
      kind: 'unknown',
      subject: `${what}: ${unknown.expression} (${unknown.reason})`,
      value: unresolvedText('Expr', unknown.expression.replace(/^\$\{|\}$/g, '').slice(0, 60)),
      hint: 'give the value with --var, or edit the translated definition',
    });
  }

  private webhooks(pipelineName: string): TranslatedWebhook[] {
    const webhooks: TranslatedWebhook[] = [];
    for (const resource of this.resources.values()) {
      if (resource.type !== 'aws_codepipeline_webhook' || this.text(resource.body.target_pipeline, 'target_pipeline') !== pipelineName) continue;
      const [configuration] = Array.isArray(resource.body.authentication_configuration) ? (resource.body.authentication_configuration as Body[]) : [];
      webhooks.push({
        logicalId: `aws_codepipeline_webhook.${resource.name}`,
        at: positionOf(this.file.text, new RegExp(`resource\\s+"aws_codepipeline_webhook"\\s+"${resource.name}"`), 0) ?? this.at,
        webhook: {
          name: this.text(resource.body.name, 'webhook name') ?? resource.name,
          targetPipeline: pipelineName,
          targetAction: this.text(resource.body.target_action, 'target_action') ?? '',
          authentication: this.text(resource.body.authentication, 'authentication') ?? 'UNAUTHENTICATED',
          authenticationConfiguration: {
            ...(configuration?.secret_token !== undefined ? { SecretToken: this.text(configuration.secret_token, 'secret_token') } : {}),
            ...(configuration?.allowed_ip_range !== undefined ? { AllowedIPRange: this.text(configuration.allowed_ip_range, 'allowed_ip_range') } : {}),
          },
          filters: (Array.isArray(resource.body.filter) ? (resource.body.filter as Body[]) : []).map((filter) => ({
            jsonPath: this.text(filter.json_path, 'json_path'),
            ...(filter.match_equals !== undefined ? { matchEquals: this.text(filter.match_equals, 'match_equals') } : {}),
          })),
        },
        registerWithThirdParty: false,
      });
    }
    return webhooks;
  }

  private buildProjects(pipeline: Record<string, unknown>): BuildProjectHint[] {
    const names = new Set<string>();
    for (const stage of (pipeline.stages ?? []) as { actions?: { actionTypeId?: { provider?: string }; configuration?: Record<string, string> }[] }[]) {
      for (const action of stage.actions ?? []) if (action.actionTypeId?.provider === 'CodeBuild' && action.configuration?.ProjectName !== undefined) names.add(action.configuration.ProjectName);
    }
    const hints: BuildProjectHint[] = [];
    for (const resource of this.resources.values()) {
      if (resource.type !== 'aws_codebuild_project') continue;
      const name = this.options.inputs.resourceNames[`aws_codebuild_project.${resource.name}`] ?? this.text(resource.body.name, 'project name');
      if (name === undefined || !names.has(name)) continue;
      const [source] = Array.isArray(resource.body.source) ? (resource.body.source as Body[]) : [];
      const [environment] = Array.isArray(resource.body.environment) ? (resource.body.environment as Body[]) : [];
      const buildspec = source?.buildspec === undefined ? undefined : this.text(source.buildspec, 'buildspec');
      const timeout = resource.body.build_timeout === undefined ? undefined : Number(this.text(resource.body.build_timeout, 'build_timeout'));
      hints.push({
        logicalId: `aws_codebuild_project.${resource.name}`,
        name,
        ...(buildspec !== undefined ? { buildspec: buildspec.includes('\n') ? { kind: 'inline' as const, text: buildspec } : { kind: 'path' as const, path: buildspec } } : {}),
        environmentVariables: (Array.isArray(environment?.environment_variable) ? (environment.environment_variable as Body[]) : []).map((variable) => ({
          name: this.text(variable.name, 'name') ?? '',
          value: this.text(variable.value, 'value') ?? '',
          ...(variable.type !== undefined ? { type: this.text(variable.type, 'type') ?? 'PLAINTEXT' } : {}),
        })),
        ...(timeout !== undefined && Number.isInteger(timeout) ? { timeoutInMinutes: timeout } : {}),
      });
    }
    return hints;
  }

  private offsetOf(at: Position): number {
    const lines = this.file.text.split('\n');
    return lines.slice(0, at.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + at.column - 1;
  }
}

/** Blocks the API has as lists, and the member each becomes. */
const listBlocks: Readonly<Record<string, string>> = { condition: 'conditions', rule: 'rules', push: 'push', pull_request: 'pullRequest' };
/** Nested blocks (Terraform's lists of block bodies) as opposed to arguments holding lists. */
const blockArguments: ReadonlySet<string> = new Set([
  'encryption_key',
  'rule_type_id',
  'retry_configuration',
  'git_configuration',
  'branches',
  'file_paths',
  'tags',
  'before_entry',
  'on_success',
  'on_failure',
  'condition',
  'rule',
  'push',
  'pull_request',
]);

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function isObject(value: unknown): value is Record<string, HclValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(path: DeclarationPath): string {
  return path.map(String).join('.');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line and column of the first match of `pattern` at or after `from` in `text`. */
function positionOf(text: string, pattern: RegExp, from: number): Position | undefined {
  const global = new RegExp(pattern.source, 'g');
  global.lastIndex = from;
  const match = global.exec(text);
  if (match === null) return undefined;
  const before = text.slice(0, match.index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
