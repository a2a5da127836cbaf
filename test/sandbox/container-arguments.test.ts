import { describe, expect, it } from 'vitest';
import { containerRunArguments } from '../../src/providers/shared/containers/container-arguments.js';
import { containerLimitArguments, readHostLimits } from '../../src/providers/shared/containers/container-limits.js';
import { isClientVariable, readContainerSettings } from '../../src/providers/shared/containers/container-settings.js';

const limitsText = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max file size             unlimited            unlimited            bytes
Max data size             unlimited            unlimited            bytes
Max processes             96367                96367                processes
Max open files            20000                20000                files
`;

describe('a build container’s options', () => {
  const view = {
    image: 'example.com/team/builder:1',
    name: 'pipewright-job1-1-1',
    labels: { 'pipewright.job': 'job1', 'pipewright.work-root': '/data/work' },
    runtime: 'runc',
    workspace: '/data/work/job1',
    controlDir: '/data/work/job1/build',
    stateDir: '/data/work/job1/build/state',
    outputsDir: '/data/work/job1/outputs',
    cwd: '/data/work/job1/sources/Source',
    user: { uid: 2_000_000_001, gid: 2_000_000_001 },
    limitArguments: ['--pids-limit', '10'],
    tmpSizeMb: 64,
    envFile: '/data/work/job1/build/pipewright-job1-1-1.env',
    envByName: ['MULTI'],
    interactive: true,
  };

  it('mounts the workspace as the host sandbox shows it, and drops every privilege', () => {
    const args = containerRunArguments(view);
    const pairs = (flag: string): string[] => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]!] : []));
    expect(pairs('-v')).toEqual(['/data/work/job1:/data/work/job1', '/data/work/job1/build:/data/work/job1/build:ro', '/data/work/job1/build/state:/data/work/job1/build/state', '/data/work/job1/outputs:/data/work/job1/outputs:ro']);
    expect(pairs('--user')).toEqual(['2000000001:2000000001']);
    expect(pairs('--cap-drop')).toEqual(['ALL']);
    expect(pairs('--security-opt')).toEqual(['no-new-privileges']);
    expect(pairs('--pull')).toEqual(['never']);
    expect(pairs('--label')).toEqual(['pipewright.job=job1', 'pipewright.work-root=/data/work']);
    expect(pairs('-e')).toEqual(['MULTI']);
    expect(args).toContain('-i');
    expect(args.at(-1)).toBe('example.com/team/builder:1');
  });

  it('gives the build’s limits, capped at the server’s hard limits', () => {
    const host = readHostLimits(limitsText);
    expect(host.nofile).toEqual({ soft: 20000, hard: 20000 });
    expect(host.cpu.hard).toBe(Infinity);
    const args = containerLimitArguments({ cpuSeconds: 60, memoryMb: 512, processes: 200_000, fileSizeMb: 10 }, host);
    const ulimits = args.flatMap((arg, index) => (arg === '--ulimit' ? [args[index + 1]!] : []));
    expect(ulimits).toEqual(['cpu=60:61', `data=${512 * 1024 * 1024}:${512 * 1024 * 1024}`, 'nproc=96367:96367', `fsize=${10 * 1024 * 1024}:${10 * 1024 * 1024}`, 'nofile=20000:20000']);
    expect(args.slice(-4)).toEqual(['--memory', '512m', '--pids-limit', '200000']);
  });

  it('reads the engine setting, and keeps the client’s own variables from builds', () => {
    expect(readContainerSettings({})).toBeUndefined();
    const settings = readContainerSettings({ PIPEWRIGHT_CONTAINER_ENGINE: '/usr/bin/podman', PIPEWRIGHT_CONTAINER_RUNTIME: 'runc', PATH: '/usr/bin', DATABASE_URL: 'secret' });
    expect(settings).toEqual({ engine: '/usr/bin/podman', flavour: 'podman', runtime: 'runc', clientEnvironment: { PATH: '/usr/bin' } });
    expect(readContainerSettings({ PIPEWRIGHT_CONTAINER_ENGINE: 'docker' })?.flavour).toBe('docker');
    expect(isClientVariable('DOCKER_HOST')).toBe(true);
    expect(isClientVariable('CONTAINERS_CONF')).toBe(true);
    expect(isClientVariable('MY_TOKEN')).toBe(false);
  });
});
