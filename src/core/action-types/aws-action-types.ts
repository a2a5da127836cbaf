import { catalogue } from './catalogue/index.js';
import type { ActionTypeSpec } from './types.js';

/**
 * The action types AWS provides to every account (owner AWS, and the two ThirdParty types AWS runs
 * itself), as `catalogue/` records them from AWS's action structure reference. ListActionTypes lists
 * them; CreatePipeline and UpdatePipeline validate actions against them. Which of them Pipewright
 * runs is the worker's business (server/action-providers.ts); the others fail at run time saying what
 * to configure (providers/not-runnable).
 */
export const awsActionTypes: readonly ActionTypeSpec[] = catalogue;
