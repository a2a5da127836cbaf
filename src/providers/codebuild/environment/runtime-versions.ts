import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The runtimes CodeBuild's `runtime-versions` names, as a table: how to ask this host which version it
 * has. CodeBuild installs the version asked for in its image; a host has what it has, so the build log
 * says which one runs instead when they differ, rather than pretending.
 */
const probes: Record<string, { command: string; args: string[]; label: string }> = {
  nodejs: { command: 'node', args: ['--version'], label: 'Node.js' },
  python: { command: 'python3', args: ['--version'], label: 'Python' },
  java: { command: 'java', args: ['-version'], label: 'Java' },
  golang: { command: 'go', args: ['version'], label: 'Go' },
  ruby: { command: 'ruby', args: ['--version'], label: 'Ruby' },
  php: { command: 'php', args: ['--version'], label: 'PHP' },
  dotnet: { command: 'dotnet', args: ['--version'], label: '.NET' },
};

/** One log line per requested runtime: what runs, and whether it is what was asked. */
export async function runtimeVersionLines(requested: Readonly<Record<string, string>>, env: Readonly<Record<string, string>>): Promise<string[]> {
  const lines: string[] = [];
  for (const [runtime, version] of Object.entries(requested)) {
    const probe = probes[runtime];
    if (probe === undefined) {
      lines.push(`Runtime ${runtime} ${version} requested: Pipewright does not know how to find ${runtime} on this host; the build uses whatever its commands find`);
      continue;
    }
    const found = await hostVersion(probe, env);
    if (found === undefined) lines.push(`Runtime ${runtime} ${version} requested: there is no ${probe.label} (${probe.command}) on this host`);
    else if (matches(version, found)) lines.push(`Runtime ${runtime} ${version} requested: this host runs ${probe.label} ${found}`);
    else lines.push(`Runtime ${runtime} ${version} requested: not on this host; ${probe.label} ${found} runs instead`);
  }
  return lines;
}

async function hostVersion(probe: { command: string; args: string[] }, env: Readonly<Record<string, string>>): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(probe.command, probe.args, { env, timeout: 10_000 });
    // `java -version` writes to stderr; the first version-looking word of the output is the version.
    return /\d+(\.\d+)+/.exec(`${stdout}\n${stderr}`)?.[0];
  } catch {
    return undefined;
  }
}

/**
 * Whether the host's version is the one asked for: `latest` always; `corretto17`, `openjdk11` by their
 * number; `3.x`, `20` and `3.12` by their leading parts (CodeBuild's forms, from its runtime-versions
 * table).
 */
function matches(requested: string, found: string): boolean {
  if (requested === 'latest') return true;
  const wanted = /\d+(\.\d+)*/.exec(requested)?.[0];
  if (wanted === undefined) return false;
  const have = found.split('.');
  // Java 8 calls itself 1.8.
  const foundParts = have[0] === '1' && have.length > 1 ? have.slice(1) : have;
  return wanted.split('.').every((part, index) => foundParts[index] === part);
}
