// afterPaint: work waits for the frame being prepared to be painted; one failure does not stop the rest.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPaint } from '@/components/shared/after-paint';

let frameCallbacks: FrameRequestCallback[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  frameCallbacks = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frameCallbacks.push(callback));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The browser's next frame: its animation callbacks, then (the test's stand-in for) its paint. */
function paintFrame(): void {
  const callbacks = frameCallbacks;
  frameCallbacks = [];
  for (const callback of callbacks) callback(0);
}

describe('afterPaint', () => {
  it('runs the work queued in one frame together, in order, in a task after that frame', () => {
    const ran: string[] = [];
    afterPaint(() => ran.push('rows'));
    afterPaint(() => ran.push('charts'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual([]);
    paintFrame();
    expect(ran, 'not inside the frame, before it paints').toEqual([]);
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['rows', 'charts']);
    paintFrame();
    vi.advanceTimersByTime(1_000);
    expect(ran, 'once only').toEqual(['rows', 'charts']);
  });

  it('runs the rest of a batch when one piece of work throws, and reports the error', () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const ran: string[] = [];
    afterPaint(() => {
      throw new Error('a chart failed');
    });
    afterPaint(() => ran.push('rest of the rows'));
    paintFrame();
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['rest of the rows']);
    expect(reported).toEqual([new Error('a chart failed')]);
  });
});
