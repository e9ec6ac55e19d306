// How the details draw what is cheap to draw first: frames' source lines only once a frame is opened (the
// section follows the <details> toggles), the frequency chart's times without Intl.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrequencyChart } from '@/components/shared/FrequencyChart';
import { StackTrace } from '@/components/shared/StackTrace';
import type { ExceptionTrace, StackFrame } from '@/lib/domain/model';

afterEach(cleanup);

const frame = (file: string, inApp: boolean): StackFrame => ({
  file,
  absPath: '',
  function: 'call',
  module: '',
  line: 2,
  inApp,
  context: [
    { line: 1, code: 'def call' },
    { line: 2, code: '  raise' },
  ],
});

const exceptions: ExceptionTrace[] = [
  { type: 'RuntimeError', value: 'boom', framesOmitted: 0, frames: [frame('gems/rack.rb', false), frame('app/models/user.rb', true)] },
  { type: 'IOError', value: 'closed', framesOmitted: 0, frames: [frame('gems/pg.rb', false)] },
];

const source = (file: string) => screen.queryByRole('group', { name: `Source of ${file} around line 2` });

/** What a click on a frame's summary does: the browser flips `open`, then fires `toggle` (it does not bubble). */
function toggle(file: string) {
  const details = screen.getByText(file).closest('details')!;
  details.open = !details.open;
  details.dispatchEvent(new Event('toggle'));
}

describe('the stack trace', () => {
  it('opens the first in-app frame only; a frame’s source lines are drawn once it is opened, and go when closed', async () => {
    render(<StackTrace exceptions={exceptions} headingLevel={2} />);
    expect(source('app/models/user.rb')).toBeTruthy();
    expect(source('gems/rack.rb')).toBeNull();
    expect(source('gems/pg.rb')).toBeNull();
    toggle('gems/pg.rb');
    expect(await screen.findByRole('group', { name: 'Source of gems/pg.rb around line 2' })).toBeTruthy();
    toggle('app/models/user.rb');
    await vi.waitFor(() => expect(source('app/models/user.rb')).toBeNull());
    expect(source('gems/pg.rb')).toBeTruthy();
  });

  it('keeps what the user opened when the frames are narrowed to in-app ones and back', async () => {
    render(<StackTrace exceptions={exceptions} headingLevel={2} />);
    toggle('gems/rack.rb');
    await screen.findByRole('group', { name: 'Source of gems/rack.rb around line 2' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only in-app frames' }));
    await vi.waitFor(() => expect(screen.queryByText('gems/rack.rb')).toBeNull());
    expect(source('app/models/user.rb')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only in-app frames' }));
    expect(await screen.findByRole('group', { name: 'Source of gems/rack.rb around line 2' })).toBeTruthy();
  });
});

describe('the frequency chart', () => {
  it('names each bar’s hour as the other times of the details are written', () => {
    const hour = Date.UTC(2026, 10, 21, 14) / 1000;
    const { container } = render(
      <FrequencyChart
        points={[
          [hour, 3],
          [hour + 3600, 1204],
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: '1,207 events in the last 24 hours' })).toBeTruthy();
    const d = new Date(hour * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:00:00`;
    expect([...container.querySelectorAll('rect > title')].map((title) => title.textContent)).toEqual([
      `${local}: 3`,
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:00:00: 1,204$/),
    ]);
  });
});
