import { describe, expect, it } from 'vitest';
import { bwrapArguments, type SandboxView } from '../../../../src/providers/shared/sandbox/bwrap-arguments.js';
import type { HostLayout } from '../../../../src/providers/shared/sandbox/host-layout.js';

/** A Debian host with merged /usr (bin, lib… are symlinks into it) and /opt. */
const layout: HostLayout = {
  systemEntries: [
    { path: '/usr', kind: 'directory' },
    { path: '/bin', kind: 'symlink', target: 'usr/bin' },
    { path: '/lib', kind: 'symlink', target: 'usr/lib' },
    { path: '/etc', kind: 'directory' },
    { path: '/opt', kind: 'directory' },
  ],
  passwd: [],
  group: [],
};

function view(workspace: string, overrides: Partial<SandboxView> = {}): SandboxView {
  return {
    workspace,
    controlDir: `${workspace}/build`,
    outputsDir: `${workspace}/outputs`,
    stateDir: `${workspace}/build/state`,
    passwdFile: `${workspace}/build/passwd`,
    groupFile: `${workspace}/build/group`,
    readOnly: [],
    hidden: [workspace.split('/work/')[0]!],
    cwd: `${workspace}/sources/Src`,
    tmpSizeBytes: 1024,
    unshareUser: false,
    ...overrides,
  };
}

/** The operations bwrap applies in order, as `--op arg…` strings. */
function operations(args: string[]): string[] {
  const ops: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('--')) ops.push(arg);
    else ops[ops.length - 1] += ` ${arg}`;
  }
  return ops;
}

describe('bwrapArguments', () => {
  it('shows the system read-only, then the identity files, /tmp, the data directory covered, the workspace and its read-only parts, then makes the rest read-only, in that order', () => {
    expect(operations(bwrapArguments(layout, view('/srv/pw/work/job-1', { infoFd: 4 })))).toEqual([
      '--unshare-pid',
      '--unshare-ipc',
      '--die-with-parent',
      '--new-session',
      '--info-fd 4',
      '--ro-bind /usr /usr',
      '--symlink usr/bin /bin',
      '--symlink usr/lib /lib',
      '--ro-bind /etc /etc',
      '--ro-bind /opt /opt',
      '--ro-bind /srv/pw/work/job-1/build/passwd /etc/passwd',
      '--ro-bind /srv/pw/work/job-1/build/group /etc/group',
      '--proc /proc',
      '--dev /dev',
      '--perms 1777',
      '--size 1024',
      '--tmpfs /tmp',
      // Made open to the build's user: bwrap would make them root's alone.
      '--dir /srv',
      // The data directory: an empty tmpfs, read-only once the workspace is bound in it.
      '--tmpfs /srv/pw',
      '--dir /srv/pw/work',
      '--bind /srv/pw/work/job-1 /srv/pw/work/job-1',
      '--ro-bind /srv/pw/work/job-1/build /srv/pw/work/job-1/build',
      '--bind /srv/pw/work/job-1/build/state /srv/pw/work/job-1/build/state',
      '--ro-bind /srv/pw/work/job-1/outputs /srv/pw/work/job-1/outputs',
      '--remount-ro /srv/pw',
      // Whoever owns the sandbox's root (the build's uid when bwrap starts as it) cannot fill it or make paths in it.
      '--remount-ro /',
      '--chdir /srv/pw/work/job-1/sources/Src',
    ]);
  });

  it.each([
    ['a data directory under a shown system directory is covered by a tmpfs', '/opt/pw/work/job-1', ['--tmpfs /opt/pw', '--dir /opt/pw/work']],
    ['a data directory elsewhere is covered too, its parents made open', '/var/lib/pw/work/job-1', ['--dir /var', '--dir /var/lib', '--tmpfs /var/lib/pw', '--dir /var/lib/pw/work']],
  ])('%s', (_case, workspace, expected) => {
    const ops = operations(bwrapArguments(layout, view(workspace)));
    for (const op of expected) expect(ops).toContain(op);
    expect(ops.filter((op) => op.startsWith('--tmpfs '))).toEqual(['--tmpfs /tmp', ...expected.filter((op) => op.startsWith('--tmpfs '))]);
    expect(ops).not.toContain('--dir /opt');
  });

  it('asks for a user namespace that cannot make others when started unprivileged, and shows extra paths read-only', () => {
    const ops = operations(bwrapArguments(layout, view('/tmp/pw/work/job-2', { unshareUser: true, disableUserns: true, readOnly: ['/srv/functions/fn'] })));
    expect(ops).toContain('--unshare-user');
    expect(ops).toContain('--disable-userns');
    // Under /tmp, the data directory's cover comes after /tmp's own tmpfs, which would hide it.
    expect(ops.indexOf('--tmpfs /tmp/pw')).toBeGreaterThan(ops.indexOf('--tmpfs /tmp'));
    expect(ops).toContain('--ro-bind /srv/functions/fn /srv/functions/fn');
    expect(ops).toContain('--dir /srv/functions');
    expect(ops).not.toContain('--info-fd');
  });
});
