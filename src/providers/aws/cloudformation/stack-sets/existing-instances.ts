import { paginateListStackInstances, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/**
 * The targets (accounts or organizational units) of `targets` that lack a stack instance in at least one
 * of `regions`, and those that have one in every Region. New instances are created before an update,
 * as the action reference says: "the new instances are deployed first and the update is completed last".
 */
export async function splitByExistence(client: CloudFormationClient, stackSetName: string, targets: readonly string[], regions: readonly string[]): Promise<{ missing: string[]; existing: string[] }> {
  const have = new Set<string>();
  for await (const page of paginateListStackInstances({ client }, { StackSetName: stackSetName })) {
    for (const instance of page.Summaries ?? []) {
      for (const target of [instance.Account, instance.OrganizationalUnitId]) if (target !== undefined) have.add(`${target} ${instance.Region ?? ''}`);
    }
  }
  const missing = targets.filter((target) => regions.some((region) => !have.has(`${target} ${region}`)));
  return { missing, existing: targets.filter((target) => !missing.includes(target)) };
}
