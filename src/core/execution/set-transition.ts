import { PipewrightError } from '../errors/index.js';
import type { SetTransition } from './events.js';
import type { TransitionState } from './state.js';
import { currentDeclaration, stageOf, type Step } from './step.js';

/** Disables or enables a stage's inbound or outbound transition, recording who, when and why. */
export function setTransition(step: Step, event: SetTransition): void {
  const { state, context } = step;
  if (stageOf(currentDeclaration(step), event.stageName) === undefined) {
    throw new PipewrightError('StageNotFoundException', `Pipeline ${state.pipelineName} has no stage ${event.stageName}.`);
  }
  const transition: TransitionState = {
    enabled: event.enabled,
    lastChangedBy: event.by,
    lastChangedAt: context.now,
    ...(!event.enabled && event.reason !== undefined ? { disabledReason: event.reason } : {}),
  };
  const current = state.transitions[event.stageName] ?? { inbound: { enabled: true }, outbound: { enabled: true } };
  state.transitions[event.stageName] =
    event.transitionType === 'Inbound' ? { inbound: transition, outbound: current.outbound } : { inbound: current.inbound, outbound: transition };
}
