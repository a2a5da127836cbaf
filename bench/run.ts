/**
 * `npm run bench [-- <name> …]`: runs the benchmarks one after the other (each prints its figures and
 * targets, and exits with 1 when a target is missed), then says which missed. With names (file names
 * without `.ts`), only those. They are never part of `npm test`: this machine is shared and noisy, and a
 * benchmark is read, not asserted in a unit test.
 */
import { spawnSync } from 'node:child_process';

const all = ['engine-orchestration', 'build-runner', 'artifacts-pass', 'event-stream-replays', 'identity-overhead', 'cli-startup', 'real-path', 'scale-out', 'buildbot-side-by-side'];
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(', ')}; there are: ${all.join(', ')}.`);
  process.exit(2);
}
const missed: string[] = [];
for (const name of chosen.length > 0 ? chosen : all) {
  console.log(`\n=== ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
  if (run.status !== 0) missed.push(name);
}
console.log(missed.length === 0 ? '\nEvery target met.' : `\nTargets missed in: ${missed.join(', ')}.`);
process.exitCode = missed.length === 0 ? 0 : 1;
