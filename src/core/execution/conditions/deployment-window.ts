import { CronExpressionParser } from 'cron-parser';

/**
 * The DeploymentWindow rule's cron expression: AWS's form (Quartz-like) has a seconds field that must be
 * `*`, day-of-week 1–7 for SUN–SAT, and an optional year. The window is open during every minute the
 * expression matches, in its time zone.
 */
export type WindowCheck = { open: true } | { open: false; opensAt: number | undefined } | { invalid: string };

export function checkDeploymentWindow(cron: string, timeZone: string | undefined, now: number): WindowCheck {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6 && fields.length !== 7) {
    return { invalid: `Cron must have 6 fields (seconds minutes hours day-of-month month day-of-week) and an optional year; it has ${fields.length}.` };
  }
  const [seconds, minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string, string | undefined];
  if (seconds !== '*') return { invalid: `The seconds field of Cron must be *; it is ${seconds}.` };
  let expression;
  try {
    expression = CronExpressionParser.parse(`0 ${minutes} ${hours} ${dayOfMonth} ${month} ${quartzToCronDayOfWeek(dayOfWeek)}`, {
      ...(timeZone !== undefined ? { tz: timeZone } : {}),
      currentDate: new Date(floorToMinute(now) - 1),
    });
  } catch (error) {
    return { invalid: `Cron ${cron} is not a valid expression: ${(error as Error).message}` };
  }
  const minute = floorToMinute(now);
  const years = year === undefined || year === '*' ? undefined : parseYears(year);
  if (years === null) return { invalid: `The year field of Cron (${year ?? ''}) is not a valid list of years or ranges.` };
  // Walk the matching minutes from now on until one falls in an allowed year (bounded: a few years ahead).
  for (let guard = 0; guard < 10_000; guard += 1) {
    let next: number;
    try {
      next = expression.next().getTime();
    } catch {
      return { open: false, opensAt: undefined };
    }
    if (years !== undefined && !years(new Date(next).getUTCFullYear())) {
      if (new Date(next).getUTCFullYear() > 2199) return { open: false, opensAt: undefined };
      continue;
    }
    return next === minute ? { open: true } : { open: false, opensAt: next };
  }
  return { open: false, opensAt: undefined };
}

function floorToMinute(instant: number): number {
  return instant - (instant % 60_000);
}

/** Quartz numbers Sunday 1 … Saturday 7; cron-parser numbers Sunday 0 … Saturday 6 (and 7). */
function quartzToCronDayOfWeek(field: string): string {
  return field.replace(/\d+/g, (digits, offset: number, whole: string) => {
    // After '#' comes the nth occurrence, not a day.
    if (whole[offset - 1] === '#') return digits;
    const day = Number(digits);
    return day >= 1 && day <= 7 ? String(day - 1) : digits;
  });
}

function parseYears(field: string): ((year: number) => boolean) | null {
  const parts = field.split(',');
  const tests: ((year: number) => boolean)[] = [];
  for (const part of parts) {
    const range = /^(\d{4})-(\d{4})$/.exec(part);
    if (range !== null) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      tests.push((year) => year >= from && year <= to);
      continue;
    }
    if (!/^\d{4}$/.test(part)) return null;
    const only = Number(part);
    tests.push((year) => year === only);
  }
  return (year) => tests.some((test) => test(year));
}
