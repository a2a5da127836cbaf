import type { ResourceLimits } from './resource-limits.js';

/** What decides whether a build may take the shell a prepared sandbox started ahead of it. */
export interface AdoptionCase {
  /** The slot's shell still waits. */
  usable: boolean;
  /** The build's shell (`bash`, `/bin/sh`) against the slot's. */
  shell: string;
  slotShell: string;
  /** buildspec `run-as`: the sandbox's identity files name that user, the slot's name `build`. */
  runAs: string | undefined;
  /** The build's limits against the server's defaults the slot's shell set at its start. */
  limits: ResourceLimits;
  defaultLimits: ResourceLimits;
  /** The build runs in a container image (the engine's own start). */
  inContainer: boolean;
  /** A source checked out as a mount (an overlay): made after bwrap bound the workspace, it would not show inside. */
  sourceMounted: boolean;
  /** Every variable can be set by a script as a cold start would see it (prepared-sandbox.ts, settableEnvironment). */
  environmentSettable: boolean;
}

/** Each rule: when it holds, the build starts cold (the slot is discarded), for the reason given. */
const coldRules: ReadonlyArray<{ when: (c: AdoptionCase) => boolean; reason: string }> = [
  { when: (c) => !c.usable, reason: 'the prepared shell is gone' },
  { when: (c) => c.inContainer, reason: 'the build runs in a container image' },
  { when: (c) => c.runAs !== undefined, reason: 'buildspec run-as names another user' },
  { when: (c) => !sameLimits(c.limits, c.defaultLimits), reason: 'the project or action sets its own limits' },
  { when: (c) => c.shell !== c.slotShell, reason: 'the build asks for another shell' },
  { when: (c) => c.sourceMounted, reason: 'a source is a mount made after the sandbox started' },
  { when: (c) => !c.environmentSettable, reason: 'a variable is one the shell treats as its own' },
];

/** Why the build must start cold, or undefined when it may take the prepared shell. */
export function coldStartReason(c: AdoptionCase): string | undefined {
  return coldRules.find((rule) => rule.when(c))?.reason;
}

function sameLimits(a: ResourceLimits, b: ResourceLimits): boolean {
  return a.cpuSeconds === b.cpuSeconds && a.memoryMb === b.memoryMb && a.processes === b.processes && a.fileSizeMb === b.fileSizeMb;
}
