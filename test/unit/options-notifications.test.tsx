import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { askBackground } from './support/background';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

/** The options with group/app linked, the browser not yet allowing notifications; `allow`: its answer to the prompt. */
async function openNotifications({ allow }: { allow: boolean }) {
  const { apis, linkId } = await linkSentryProject();
  apis.contains.mockImplementation(async (permissions: { permissions?: string[] }) => !permissions.permissions?.includes('notifications'));
  const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => allow);
  render(<OptionsApp ask={askBackground} />);
  const region = await screen.findByRole('region', { name: 'Notifications' });
  await vi.waitFor(() =>
    expect(within(region).getByRole('checkbox', { name: 'Notify about new errors' })).toHaveProperty('disabled', false),
  );
  return { region, request, linkId };
}

const settings = () => askBackground({ type: 'getNotificationSettings' });

describe('options: Notifications', () => {
  it('asks the browser for notifications within the click, then turns new errors on', async () => {
    const { region, request } = await openNotifications({ allow: true });
    const box = within(region).getByRole('checkbox', { name: 'Notify about new errors' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    // Still inside the user's click: browsers prompt only then. The box follows the click meanwhile.
    expect(request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    expect(box.checked).toBe(true);
    await vi.waitFor(() => expect(within(region).getByRole('status').textContent).toBe('Notifications about new errors are on.'));
    expect(box.checked).toBe(true);
    expect(await settings()).toMatchObject({ newErrors: true, regressions: false });
  });

  it('leaves the box unticked and says why when the browser refuses', async () => {
    const { region } = await openNotifications({ allow: false });
    const box = within(region).getByRole('checkbox', { name: 'Notify about regressions' }) as HTMLInputElement;
    fireEvent.click(box);
    await vi.waitFor(() =>
      expect(within(region).getByRole('alert').textContent).toBe(
        'The browser did not allow notifications, so none can be shown. Tick the box again and choose Allow.',
      ),
    );
    await vi.waitFor(() => expect(box.checked).toBe(false));
    expect(await settings()).toMatchObject({ regressions: false });
  });

  it('turns one link’s notifications off and on', async () => {
    const { region, linkId } = await openNotifications({ allow: true });
    const box = within(region).getByRole('checkbox', { name: 'Notify about group/app' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await vi.waitFor(() => expect(within(region).getByRole('status').textContent).toBe('No notifications about group/app.'));
    expect((await settings()).mutedLinks).toEqual([linkId]);
    fireEvent.click(box);
    await vi.waitFor(() => expect(within(region).getByRole('status').textContent).toBe('Notifications about group/app are on.'));
    expect((await settings()).mutedLinks).toEqual([]);
  });

  it('saves quiet hours from the two time inputs', async () => {
    const { region } = await openNotifications({ allow: true });
    fireEvent.change(within(region).getByLabelText('Quiet from'), { target: { value: '22:00' } });
    await vi.waitFor(() => expect(within(region).getByRole('status').textContent).toBe('Set both times for quiet hours.'));
    fireEvent.change(within(region).getByLabelText('Quiet until'), { target: { value: '07:00' } });
    await vi.waitFor(() =>
      expect(within(region).getByRole('status').textContent).toBe('Quiet from 22:00 until 07:00: what comes meanwhile is summed up after.'),
    );
    expect(await settings()).toMatchObject({ quietFrom: '22:00', quietUntil: '07:00' });
  });

  it('shows a box turned on earlier as off once the browser no longer allows notifications', async () => {
    await askBackground({
      type: 'setNotificationSettings',
      settings: { newErrors: true, regressions: false, mutedLinks: [], quietFrom: '', quietUntil: '' },
    });
    const { region } = await openNotifications({ allow: true });
    expect((within(region).getByRole('checkbox', { name: 'Notify about new errors' }) as HTMLInputElement).checked).toBe(false);
    expect(within(region).getByText(/no longer allowed/)).toBeTruthy();
  });

  it('refuses a malformed time', async () => {
    await expect(
      askBackground({
        type: 'setNotificationSettings',
        settings: { newErrors: false, regressions: false, mutedLinks: [], quietFrom: '25:00', quietUntil: '' },
      }),
    ).rejects.toMatchObject({ kind: 'bad-request' });
  });
});
