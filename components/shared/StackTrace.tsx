import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExceptionTrace, StackFrame } from '@/lib/domain/model';
import type { FrameLinksView } from '@/lib/protocol/replies';
import { frameLinkLookup } from './frame-links';
import { drawFrames } from './frames-dom';

interface Props {
  exceptions: ExceptionTrace[];
  /** Shown instead of frames when the event could not be read. */
  unavailable?: string;
  /** One below the details' title; each exception's title one below this. */
  headingLevel: 2 | 3 | 4;
  /** The frames that open in GitLab, once the background knows; until then frames have no link. */
  links?: FrameLinksView;
}

/**
 * The latest event's exceptions, newest first, each with its frames innermost first. Big events have a hundred
 * frames and more: they are drawn with DOM calls (frames-dom.ts), a frame's source lines only once it is opened.
 */
export function StackTrace({ exceptions, unavailable, headingLevel, links }: Props) {
  const linkOf = useMemo(() => frameLinkLookup(links), [links]);
  const Heading = `h${headingLevel}` as 'h3';
  // Frames are named by id ("exception:frame"). The first in-app frame anywhere in the chain is open to begin
  // with, where people look first; else the raising frame. What the user opens or closes stays (frames-dom.ts).
  const ids = exceptions.flatMap((exception, index) => exception.frames.map((frame, at) => [frame.inApp, `${index}:${at}`] as const));
  const firstInApp = ids.find(([inApp]) => inApp);
  const firstOpen = (firstInApp ?? ids[0])?.[1];
  const [inAppOnly, setInAppOnly] = useState(false);
  const Title = `h${headingLevel + 1}` as 'h4';
  // One exception of the chain, `index` its place: the first is the error, the others caused it.
  const exceptionBlock = (exception: ExceptionTrace, index: number) => {
    const shown = inAppOnly ? exception.frames.filter((frame) => frame.inApp).length : exception.frames.length;
    return (
      <div key={index}>
        {index > 0 && <p class="cause-label">Caused by</p>}
        {(exception.type || exception.value) && (
          <Title class="exception-title">
            <span class="exception-type">{exception.type}</span>
            {exception.value && <span class="exception-value">{exception.value}</span>}
          </Title>
        )}
        {shown === 0 ? (
          <p class="muted">{exception.frames.length ? 'No in-app frames in this exception.' : 'No frames in this exception.'}</p>
        ) : (
          <FrameList frames={exception.frames} exception={index} firstOpen={firstOpen} inAppOnly={inAppOnly} linkOf={linkOf} />
        )}
        {exception.framesOmitted > 0 && <p class="muted">{exception.framesOmitted} more frames not shown.</p>}
      </div>
    );
  };
  return (
    <section aria-labelledby="stack-trace-heading">
      <div class="stack-trace-head">
        <Heading id="stack-trace-heading" class="stack-trace-title">
          Stack trace
        </Heading>
        {firstInApp && (
          <label class="toggle">
            <input type="checkbox" checked={inAppOnly} onChange={(event) => setInAppOnly(event.currentTarget.checked)} />
            Only in-app frames
          </label>
        )}
      </div>
      {unavailable ? (
        <p class="muted">{unavailable}</p>
      ) : exceptions.length === 0 ? (
        <p class="muted">No stack trace for this error</p>
      ) : (
        exceptions.map(exceptionBlock)
      )}
    </section>
  );
}

/** An exception's frames: drawn by frames-dom.ts into the list Preact keeps. */
function FrameList({ frames, ...drawing }: { frames: StackFrame[] } & Parameters<typeof drawFrames>[3]) {
  const list = useRef<HTMLOListElement>(null);
  const drawn = useMemo(() => new Map<string, HTMLLIElement>(), [frames]);
  useLayoutEffect(
    () => drawFrames(list.current!, drawn, frames, drawing),
    [drawn, drawing.exception, drawing.firstOpen, drawing.inAppOnly, drawing.linkOf],
  );
  return <ol class="frames" ref={list} />;
}
