import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { getExpressionAst, parse } from '@cdktn/hcl2json';
import { TemplateError, translateTerraform, templateSource, type HclNode, type TemplateInputs, type TerraformModule, type TranslationResult } from '../templates/index.js';

/** Whether `path` names Terraform configuration: a `.tf` or `.tf.json` file, or a folder (a module). */
export async function isTerraformPath(path: string): Promise<boolean> {
  if (path.endsWith('.tf') || path.endsWith('.tf.json')) return true;
  if (path === '-') return false;
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/**
 * Reads a Terraform module with the HCL parser (@cdktn/hcl2json: HashiCorp's HCL compiled to
 * WebAssembly, shipped in the package, so it runs offline), then translates it (src/templates, pure).
 * A file names its pipelines; variables, locals and the resources it refers to come from every `.tf`
 * file of its folder, as Terraform reads a module, and values from terraform.tfvars and *.auto.tfvars.
 */
export async function readTerraform(path: string, options: { inputs: TemplateInputs; region: string; accountId: string; logicalId?: string }): Promise<TranslationResult> {
  const isFolder = (await stat(path)).isDirectory();
  const folder = isFolder ? path : dirname(path);
  const names = (await readdir(folder)).sort();
  const files: TerraformModule['files'] = [];
  for (const name of names.filter((candidate) => candidate.endsWith('.tf') || candidate.endsWith('.tf.json'))) {
    const text = await readFile(join(folder, name), 'utf8');
    files.push({ name, text, json: await parseFile(join(folder, name), name, text) });
  }
  const tfvars: Record<string, unknown>[] = [];
  for (const name of names.filter((candidate) => candidate === 'terraform.tfvars' || candidate.endsWith('.auto.tfvars'))) {
    tfvars.push(await parseFile(join(folder, name), name, await readFile(join(folder, name), 'utf8')));
  }
  const expressions = new Map<string, HclNode>();
  const sources = new Set<string>();
  collectExpressions([files.map((file) => file.json), tfvars], sources);
  for (const value of Object.values(options.inputs.parameters)) if (/^\s*[[{]/.test(value)) sources.add(templateSource(`\${${value}}`));
  for (const source of sources) {
    const tree = await getExpressionAst('expression.tf', source).catch(() => null);
    if (tree !== null) expressions.set(source, tree);
  }
  return translateTerraform(
    { files, expressions, tfvars },
    {
      source: path,
      inputs: options.inputs,
      region: options.region,
      accountId: options.accountId,
      ...(options.logicalId !== undefined ? { logicalId: options.logicalId } : {}),
      ...(isFolder ? {} : { onlyFile: basename(path) }),
    },
  );
}

async function parseFile(path: string, name: string, text: string): Promise<Record<string, never>> {
  try {
    return (name.endsWith('.json') ? JSON.parse(text) : await parse(name, text)) as Record<string, never>;
  } catch (error) {
    throw new TemplateError(`not valid HCL: ${(error as Error).message}`, path);
  }
}

function collectExpressions(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.includes('${') || value.includes('%{')) into.add(templateSource(value));
  } else if (Array.isArray(value)) value.forEach((item) => collectExpressions(item, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => collectExpressions(item, into));
}
