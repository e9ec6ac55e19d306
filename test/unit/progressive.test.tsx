import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useProgressive } from '@/components/shared/progressive';

function Rows({ items, first }: { items: string[]; first?: number }) {
  const shown = useProgressive(items, first);
  return (
    <ul aria-label="Rows">
      {shown.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

const hundred = Array.from({ length: 100 }, (_, i) => `row ${i}`);

afterEach(cleanup);

describe('useProgressive', () => {
  it('draws the first rows at once and the others after that render', async () => {
    render(<Rows items={hundred} first={20} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(20);
    expect(screen.getAllByRole('listitem')[19]?.textContent).toBe('row 19');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(100));
  });

  it('draws a short list, or one without a limit, whole', () => {
    render(<Rows items={hundred.slice(0, 5)} first={20} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
    render(<Rows items={hundred} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(105);
  });
});
