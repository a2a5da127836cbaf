// @cloud-copilot/iam-simulate (and semver, iam-policy, iam-utils with it) in a module of ours, which
// evaluate-policies.ts loads at the first policy decision: a server in none mode never makes one.
// (A module of ours, not the package itself: see scripts/bundle.ts on import() of CommonJS packages.)
export { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
