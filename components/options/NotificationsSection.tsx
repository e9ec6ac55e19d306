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
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [granted, setGranted] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  // Changes chain on what was saved last, not on what the render they came from saw.
  const latest = useRef<NotificationSettings | null>(null);

  useEffect(() => {
    Promise.all([ask({ type: 'getNotificationSettings' }), permission.granted()])
      .then(([loaded, allowed]) => {
        latest.current = loaded;
        setSettings(loaded);
        setGranted(allowed);
      })
      .catch((error) => setFailure(toFailure(error)));
  }, [ask, permission]);

  async function save(change: Partial<NotificationSettings>, said: (saved: NotificationSettings) => string) {
    if (!latest.current) return;
    setFailure(null);
    setNotice('');
    try {
      const saved = await ask({ type: 'setNotificationSettings', settings: { ...latest.current, ...change } });
      latest.current = saved;
      setSettings(saved);
      setNotice(said(saved));
    } catch (error) {
      setFailure(toFailure(error));
    }
  }

  function onKindChange(kind: Kind, what: string, input: HTMLInputElement) {
    if (!input.checked) {
      void save({ [kind]: false }, () => `Notifications about ${what} are off.`);
      return;
    }
    // Unticked until the browser allows it, and so left when it refuses.
    input.checked = false;
    // First thing in the handler: browsers ask only during the user's click.
    permission.request().then(
      (allowed) => {
        if (!allowed) {
          setNotice('');
          setFailure(REFUSED);
          return;
        }
        setGranted(true);
        return save({ [kind]: true }, () => `Notifications about ${what} are on.`);
      },
      (error) => setFailure({ kind: 'permission', message: `The browser could not ask for notifications: ${toFailure(error).message}` }),
    );
  }

  const quietSaid = ({ quietFrom, quietUntil }: NotificationSettings) =>
    hasQuietHours(quietFrom, quietUntil)
      ? `Quiet from ${quietFrom} until ${quietUntil}: what comes meanwhile is summed up after.`
      : quietFrom || quietUntil
        ? 'Set both times for quiet hours.'
        : 'No quiet hours.';

  const loaded = settings !== null;
  // Turned on once but taken back in the browser's settings: shown off, so ticking asks again.
  const revoked = Boolean(settings && (settings.newErrors || settings.regressions) && !granted);
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
            checked={Boolean(settings?.[kind]) && granted}
            onChange={(event) => onKindChange(kind, what, event.currentTarget)}
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
                  const others = (latest.current?.mutedLinks ?? []).filter((id) => id !== link.id);
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
