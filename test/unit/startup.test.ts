import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { POLL_ALARM } from '@/lib/background/badge/poll';
import { runStartup } from '@/lib/background/setup/startup';
import { stubBrowserApis } from './support/background';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());

describe('start-up steps', () => {
  it('runs every step although others throw or reject, and logs each failure by name', async () => {
    const ran: string[] = [];
    const failures: Array<[string, unknown]> = [];
    const startup = runStartup(
      [
        {
          name: 'throws',
          run: () => {
            throw new Error('boom');
          },
        },
        {
          name: 'rejects',
          run: async () => {
            throw new Error('bust');
          },
        },
        { name: 'works', run: async () => void ran.push('works') },
      ],
      (name, error) => failures.push([name, error]),
    );
    await startup.allSettled;
    expect(ran).toEqual(['works']);
    expect(failures.map(([name, error]) => [name, (error as Error).message])).toEqual([
      ['throws', 'boom'],
      ['rejects', 'bust'],
    ]);
    await expect(startup.settled('rejects')).resolves.toBeUndefined();
  });

  it('starts a step that waits for another only once that one has settled, even when it failed', async () => {
    const order: string[] = [];
    let finishRule!: () => void;
    const startup = runStartup(
      [
        {
          name: 'rule',
          run: () =>
            new Promise<void>(
              (resolve) =>
                (finishRule = () => {
                  order.push('rule');
                  resolve();
                }),
            ),
        },
        { name: 'close', run: () => void order.push('close'), after: 'rule' },
        { name: 'alarm', run: () => void order.push('alarm') },
      ],
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['alarm']);
    finishRule();
    await startup.allSettled;
    expect(order).toEqual(['alarm', 'rule', 'close']);
  });
});

// Firefox: runtime.id is the add-on id, the pages live under a per-profile UUID.
const GECKO_ID = 'error-tracker@error-tracker-for-gitlab';
const FIREFOX_UUID = '3f0a6a8e-1d7c-4b8e-9f21-0c5e2b7d4a10';

function actLikeFirefox() {
  fakeBrowser.runtime.id = GECKO_ID;
  // fakeBrowser does not implement these events; the start-up only listens to them.
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.runtime, 'getURL').mockImplementation(
    (path: string) => `moz-extension://${FIREFOX_UUID}/${path.replace(/^\//, '')}`,
  );
}

describe('background start-up in Firefox', () => {
  it('gives the Origin rule the extension’s host, not the add-on id that DNR rejects', async () => {
    actLikeFirefox();
    const { updateSessionRules } = stubBrowserApis();
    // Firefox's validation: initiatorDomains must be host names.
    type RuleUpdate = { addRules: Array<{ condition: { initiatorDomains: string[] } }> };
    updateSessionRules.mockImplementation((async (options: RuleUpdate) => {
      const bad = options.addRules[0]!.condition.initiatorDomains.find((domain) => domain.includes('@'));
      if (bad) throw new Error(`addRules.0.condition.initiatorDomains.0: Invalid domain ${bad}`);
    }) as () => Promise<undefined>);
    background.main();
    await vi.waitFor(() => expect(updateSessionRules).toHaveBeenCalled());
    const rule = (updateSessionRules.mock.calls[0] as unknown as [{ addRules: Array<{ condition: { initiatorDomains: string[] } }> }])[0]
      .addRules[0]!;
    expect(rule.condition.initiatorDomains).toEqual([FIREFOX_UUID]);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeDefined());
  });

  it('still sets the poll alarm and draws the badge when the Origin rule cannot be installed', async () => {
    // A link counted before this start; the badge is drawn again from that record.
    const { apis } = await linkSentryProject();
    const counted = await fakeBrowser.action.getBadgeText({});
    expect(counted).toMatch(/^\d+$/);
    await fakeBrowser.action.setBadgeText({ text: '' });
    actLikeFirefox();
    apis.updateSessionRules.mockRejectedValue(new Error('initiatorDomains.0: Invalid domain'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    background.main();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(POLL_ALARM)).toMatchObject({ periodInMinutes: 2 }));
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe(counted));
    expect(logged).toHaveBeenCalledWith('Error Tracker start-up step "Origin rule" failed', expect.any(Error));
  });
});
