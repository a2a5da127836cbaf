import { awsActionTypes } from '../../core/action-types/aws-action-types.js';
import { customActionTypeSpec } from '../../core/action-types/lookup.js';
import { thirdPartyActionTypeSpec } from '../../core/action-types/third-party.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';
import { presentActionType } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/** Action types per page. ListActionTypes has no maxResults: the service chooses the page size. */
export const actionTypesPageSize = 50;

/**
 * AWS's action types Pipewright runs, then the account's live custom types (by category, provider,
 * version), then the registered third-party ones, filtered by owner. Pipewright serves one region: a regionFilter naming another finds none.
 */
export const listActionTypes: Operation<wire.ListActionTypesInput, wire.ListActionTypesOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const offset = decodeNextToken('ListActionTypes', input.nextToken, isOffset) ?? 0;
  if (input.regionFilter !== undefined && input.regionFilter !== partition.region) return { actionTypes: [] };
  const custom = (await store.listCustomActionTypes()).filter((record) => record.deletedAt === undefined).map(customActionTypeSpec);
  const thirdParty = (await store.listThirdPartyActionTypes()).map(thirdPartyActionTypeSpec);
  const all = [...awsActionTypes, ...custom, ...thirdParty].filter((spec) => input.actionOwnerFilter === undefined || spec.id.owner === input.actionOwnerFilter);
  const page = all.slice(offset, offset + actionTypesPageSize);
  return {
    actionTypes: page.map(presentActionType),
    ...(offset + actionTypesPageSize < all.length ? { nextToken: encodeNextToken('ListActionTypes', offset + actionTypesPageSize) } : {}),
  };
};

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
