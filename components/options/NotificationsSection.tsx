import { useEffect, useRef, useState } from 'preact/hooks';
import { Outcome } from '@/components/shared/Outcome';
import { hasQuietHours } from '@/lib/domain/quiet-hours';
import { toFailure, type Failure } from '@/lib/domain/errors';
import type { ask as defaultAsk } from '@/lib/protocol/ask';
import type { NotificationSettings } from '@/lib/store/notifications';
import type { ProjectLink } from '@/lib/store/storage';
import { notificationPermission, type NotificationPermission } from './permissions';

type Kind = 'newErrors' | 'regressions';

const KINDS: Array<{ kind: Kind; id: string; label: string; what: string }> = [
  { kind: 'newErrors', id: 'notify-new', label: 'Notify about new errors', what: 'new errors' },
  { kind: 'regressions', id: 'notify-regressed', label: 'Notify about regressions', what: 'regressions' },
];

const REFUSED: Failure = {
  kind: 'permission',
  message: 'The browser did not allow notifications, so none can be shown. Tick the box again and choose Allow.',
};

interface Props {
  links: ProjectLink[];
  ask: typeof defaultAsk;
  permission?: NotificationPermission;
}

/** Desktop notifications: which kinds, which links, and quiet hours. Each change is saved at once. */
export function NotificationsSection({ links, ask, permission = notificationPermission }: Props) {
  // What the boxes show: a change shows at once (tests and users see the box follow the click) and goes
  // back to what was saved if saving fails.
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [granted, setGranted] = useState(false);
  // Kinds ticked while the browser is asked: shown ticked until it answers.
  const [asking, setAsking] = useState<Kind[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const shown = useRef<NotificationSettings | null>(null);
  const saved = useRef<NotificationSettings | null>(null);

  const show = (next: NotificationSettings) => {
    shown.current = next;
    setSettings(next);
  };

  useEffect(() => {
    Promise.all([ask({ type: 'getNotificationSettings' }), permission.granted()])
      .then(([loaded, allowed]) => {
        saved.current = loaded;
        show(loaded);
        setGranted(allowed);
      })
      .catch((error) => setFailure(toFailure(error)));
  }, [ask, permission]);

  async function save(change: Partial<NotificationSettings>, said: (saved: NotificationSettings) => string) {
    if (!shown.current) return;
    setFailure(null);
    setNotice('');
    show({ ...shown.current, ...change });
    try {
      saved.current = await ask({ type: 'setNotificationSettings', settings: shown.current! });
      setNotice(said(saved.current));
    } catch (error) {
      if (saved.current) show(saved.current);
      setFailure(toFailure(error));
    }
  }

  function onKindChange(kind: Kind, what: string, on: boolean) {
    if (!on) {
      void save({ [kind]: false }, () => `Notifications about ${what} are off.`);
      return;
    }
    // First thing in the handler: browsers ask only during the user's click.
    const asked = permission.request();
    setAsking((kinds) => [...kinds, kind]);
    const done = () => setAsking((kinds) => kinds.filter((k) => k !== kind));
    asked
      .then(async (allowed) => {
        if (!allowed) {
          setNotice('');
          setFailure(REFUSED);
          return;
        }
        setGranted(true);
        await save({ [kind]: true }, () => `Notifications about ${what} are on.`);
      })
      .catch((error) =>
        setFailure({ kind: 'permission', message: `The browser could not ask for notifications: ${toFailure(error).message}` }),
      )
      .finally(done);
  }

  const quietSaid = ({ quietFrom, quietUntil }: NotificationSettings) =>
    hasQuietHours(quietFrom, quietUntil)
      ? `Quiet from ${quietFrom} until ${quietUntil}: what comes meanwhile is summed up after.`
      : quietFrom || quietUntil
        ? 'Set both times for quiet hours.'
        : 'No quiet hours.';

  const loaded = settings !== null;
  // Turned on once but taken back in the browser's settings: shown off, so ticking asks again.
  const revoked = Boolean(settings && (settings.newErrors || settings.regressions) && !granted && asking.length === 0);
  return (
    <section aria-labelledby="notifications-heading" class="card">
      <h2 id="notifications-heading">Notifications</h2>
      <p class="hint">
        Desktop notifications when an error first appears or a resolved one comes back, found by the regular refresh. More than three at
        once come as one summary.
      </p>
      {KINDS.map(({ kind, id, label, what }) => (
        <div class="field checkbox" key={kind}>
          <input
            id={id}
            type="checkbox"
            disabled={!loaded}
            checked={(Boolean(settings?.[kind]) && granted) || asking.includes(kind)}
            onChange={(event) => onKindChange(kind, what, event.currentTarget.checked)}
          />
          <label for={id}>{label}</label>
        </div>
      ))}
      {revoked && <p class="hint">Notifications are no longer allowed in the browser's settings. Tick a box to allow them again.</p>}
      {links.length > 0 && (
        <fieldset class="plain">
          <legend>Projects</legend>
          {links.map((link) => (
            <div class="field checkbox" key={link.id}>
              <input
                id={`notify-link-${link.id}`}
                type="checkbox"
                disabled={!loaded}
                checked={settings !== null && !settings.mutedLinks.includes(link.id)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  const others = (shown.current?.mutedLinks ?? []).filter((id) => id !== link.id);
                  void save({ mutedLinks: on ? others : [...others, link.id] }, () =>
                    on ? `Notifications about ${link.gitlabProject} are on.` : `No notifications about ${link.gitlabProject}.`,
                  );
                }}
              />
              <label for={`notify-link-${link.id}`}>Notify about {link.gitlabProject}</label>
            </div>
          ))}
        </fieldset>
      )}
      <fieldset class="plain">
        <legend>Quiet hours</legend>
        <p id="quiet-hint" class="hint">
          Nothing is shown between these times (an end before the start runs across midnight); a summary follows.
        </p>
        <div class="field">
          <label for="quiet-from">Quiet from</label>
          <input
            id="quiet-from"
            type="time"
            disabled={!loaded}
            value={settings?.quietFrom ?? ''}
            aria-describedby="quiet-hint"
            onChange={(event) => void save({ quietFrom: event.currentTarget.value }, quietSaid)}
          />
        </div>
        <div class="field">
          <label for="quiet-until">Quiet until</label>
          <input
            id="quiet-until"
            type="time"
            disabled={!loaded}
            value={settings?.quietUntil ?? ''}
            aria-describedby="quiet-hint"
            onChange={(event) => void save({ quietUntil: event.currentTarget.value }, quietSaid)}
          />
        </div>
      </fieldset>
      <Outcome failure={failure} notice={notice} />
    </section>
  );
}
