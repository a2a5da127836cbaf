import type { Kysely } from 'kysely';
import type { InlinePolicyRecord, PolicyOwner } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

export async function putInlinePolicy(db: Kysely<Database>, policy: InlinePolicyRecord): Promise<void> {
  await db
    .insertInto('iam_inline_policies')
    .values({ owner_kind: policy.owner.kind, owner_name: policy.owner.name, policy_name: policy.policyName, document: policy.document })
    .onConflict((conflict) => conflict.columns(['owner_kind', 'owner_name', 'policy_name']).doUpdateSet({ document: policy.document }))
    .execute();
}

export async function getInlinePolicy(db: Kysely<Database>, owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined> {
  const row = await db
    .selectFrom('iam_inline_policies')
    .select('document')
    .where('owner_kind', '=', owner.kind)
    .where('owner_name', '=', owner.name)
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  return row === undefined ? undefined : { owner, policyName, document: row.document };
}

export async function deleteInlinePolicy(db: Kysely<Database>, owner: PolicyOwner, policyName: string): Promise<boolean> {
  const result = await db
    .deleteFrom('iam_inline_policies')
    .where('owner_kind', '=', owner.kind)
    .where('owner_name', '=', owner.name)
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listInlinePolicies(db: Kysely<Database>, owner: PolicyOwner): Promise<InlinePolicyRecord[]> {
  const rows = await db
    .selectFrom('iam_inline_policies')
    .select(['policy_name', 'document'])
    .where('owner_kind', '=', owner.kind)
    .where('owner_name', '=', owner.name)
    .orderBy('policy_name')
    .execute();
  return rows.map((row) => ({ owner, policyName: row.policy_name, document: row.document }));
}

export async function attachPolicy(db: Kysely<Database>, owner: PolicyOwner, policyArn: string): Promise<void> {
  await db
    .insertInto('iam_attached_policies')
    .values({ owner_kind: owner.kind, owner_name: owner.name, policy_arn: policyArn })
    .onConflict((conflict) => conflict.columns(['owner_kind', 'owner_name', 'policy_arn']).doNothing())
    .execute();
}

export async function detachPolicy(db: Kysely<Database>, owner: PolicyOwner, policyArn: string): Promise<boolean> {
  const result = await db
    .deleteFrom('iam_attached_policies')
    .where('owner_kind', '=', owner.kind)
    .where('owner_name', '=', owner.name)
    .where('policy_arn', '=', policyArn)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listAttachedPolicies(db: Kysely<Database>, owner: PolicyOwner): Promise<string[]> {
  const rows = await db
    .selectFrom('iam_attached_policies')
    .select('policy_arn')
    .where('owner_kind', '=', owner.kind)
    .where('owner_name', '=', owner.name)
    .orderBy('policy_arn')
    .execute();
  return rows.map((row) => row.policy_arn);
}
