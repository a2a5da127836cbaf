/** Durations and ages as people read them: 4s, 2m 05s, 1h 12m, 3d 4h. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatAge(epochSeconds: number | undefined, now: number): string {
  if (epochSeconds === undefined) return '';
  const seconds = now - epochSeconds;
  if (seconds < 5) return 'just now';
  return `${formatDuration(seconds).split(' ')[0] ?? ''} ago`;
}

export function formatTime(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined) return '';
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function shortId(id: string | undefined): string {
  return id === undefined ? '' : id.slice(0, 8);
}

/** The name in an IAM-style ARN (`arn:aws:iam::123456789012:user/ada` → ada). */
export function principalName(arn: string | undefined): string {
  if (arn === undefined) return '';
  return arn.split('/').at(-1) ?? arn;
}
