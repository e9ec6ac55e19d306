import type { ErrorSummary } from '../../domain/model';
import type { LinkWatch, NotificationSettings } from '../../store/notifications';
import { isQuietAt } from '../../domain/quiet-hours';

/** More errors of one kind than this at once make one summary instead. */
const MOST_SHOWN_ONE_BY_ONE = 3;
/** Titles a summary lists before "and N more". */
const TITLES_IN_SUMMARY = 3;

export type Held = NonNullable<LinkWatch['held']>;

export interface PlannedNotification {
  /** One per error and kind (a repeat would replace, not stack); summaries are unique. */
  id: string;
  kind: 'new' | 'regressed' | 'summary';
  title: string;
  message: string;
  /** The error it is about; absent for a summary, which opens the link's list. */
  error?: ErrorSummary;
}

export interface PlanInput {
  linkId: string;
  /** The GitLab project's path, as the options and the popup name the link. */
  project: string;
  fresh: ErrorSummary[];
  regressed: ErrorSummary[];
  /** What quiet hours held back so far. */
  held: Held | undefined;
  settings: NotificationSettings;
  at: Date;
}

export interface Plan {
  show: PlannedNotification[];
  held: Held | undefined;
}

const count = (n: number, what: string, whats = `${what}s`) => `${n} ${n === 1 ? what : whats}`;

/**
 * What to show for one link's poll: each error on its own, more than three of a kind as one summary, nothing
 * during quiet hours (they are counted and summed up in one notification at the first poll after them).
 */
export function planNotifications(input: PlanInput): Plan {
  const { linkId, project, settings, at } = input;
  const wanted = !settings.mutedLinks.includes(linkId);
  const fresh = wanted && settings.newErrors ? input.fresh : [];
  const regressed = wanted && settings.regressions ? input.regressed : [];

  if (isQuietAt(at, settings.quietFrom, settings.quietUntil)) {
    const held = { new: (input.held?.new ?? 0) + fresh.length, regressed: (input.held?.regressed ?? 0) + regressed.length };
    return { show: [], held: held.new + held.regressed > 0 ? held : undefined };
  }

  if (input.held) {
    // What the user still wants to hear of: a kind turned off, or the link muted, since, drops out.
    const news = (wanted && settings.newErrors ? input.held.new : 0) + fresh.length;
    const returns = (wanted && settings.regressions ? input.held.regressed : 0) + regressed.length;
    const parts = [news && count(news, 'new error'), returns && count(returns, 'regressed error')].filter(Boolean);
    if (parts.length === 0) return { show: [], held: undefined };
    return {
      show: [
        {
          id: `summary:quiet:${linkId}:${at.getTime()}`,
          kind: 'summary',
          title: `${parts.join(' and ')} in ${project}`,
          message: 'During quiet hours',
        },
      ],
      held: undefined,
    };
  }

  return {
    show: [
      ...oneByOneOrSummary(fresh, {
        single: (error) => ({
          id: `new:${linkId}:${error.id}`,
          kind: 'new',
          title: `New error in ${project}`,
          message: error.title,
          error,
        }),
        summary: (n) => ({ id: `summary:new:${linkId}:${at.getTime()}`, title: `${count(n, 'new error')} in ${project}` }),
      }),
      ...oneByOneOrSummary(regressed, {
        single: (error) => ({
          id: `regressed:${linkId}:${error.id}`,
          kind: 'regressed',
          title: `Regressed in ${project}`,
          message: error.title,
          error,
        }),
        summary: (n) => ({ id: `summary:regressed:${linkId}:${at.getTime()}`, title: `${count(n, 'error')} regressed in ${project}` }),
      }),
    ],
    held: undefined,
  };
}

function oneByOneOrSummary(
  errors: ErrorSummary[],
  make: { single(error: ErrorSummary): PlannedNotification; summary(n: number): { id: string; title: string } },
): PlannedNotification[] {
  if (errors.length <= MOST_SHOWN_ONE_BY_ONE) return errors.map(make.single);
  const titles = errors.slice(0, TITLES_IN_SUMMARY).map((error) => error.title);
  const more = errors.length - titles.length;
  return [{ ...make.summary(errors.length), kind: 'summary', message: [...titles, `and ${more} more`].join('\n') }];
}
