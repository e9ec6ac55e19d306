import { useMemo, useState } from 'preact/hooks';
import type { ExceptionTrace, StackFrame } from '@/lib/domain/model';
import type { FrameLinksView } from '@/lib/protocol/replies';
import { frameLinkLookup, type FrameLinkView } from './frame-links';

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
 * frames and more: a frame is a few elements drawn by a plain function (no component or hook of its own), its
 * source lines only once it is opened; which frames the user opened or closed is kept here.
 */
export function StackTrace({ exceptions, unavailable, headingLevel, links }: Props) {
  const linkOf = useMemo(() => frameLinkLookup(links), [links]);
  const Heading = `h${headingLevel}` as 'h3';
  // Frames are named by id ("exception:frame"). The first in-app frame anywhere in the chain is open to begin
  // with, where people look first; else the raising frame. What the user opened or closed since then wins.
  const ids = exceptions.flatMap((exception, index) => exception.frames.map((frame, at) => [frame.inApp, `${index}:${at}`] as const));
  const hasInApp = ids.some(([inApp]) => inApp);
  const firstOpen = (ids.find(([inApp]) => inApp) ?? ids[0])?.[1];
  const [inAppOnly, setInAppOnly] = useState(false);
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const isOpen = (id: string) => toggled[id] ?? id === firstOpen;
  // Drawing the first frame open fires a toggle event too, which changes nothing.
  const onToggle = (id: string, open: boolean) => open !== isOpen(id) && setToggled((current) => ({ ...current, [id]: open }));
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
          <ol class="frames">
            {exception.frames.map((frame, frameIndex) => {
              const id = `${index}:${frameIndex}`;
              return inAppOnly && !frame.inApp ? null : frameItem(frame, id, isOpen(id), onToggle, linkOf(frame));
            })}
          </ol>
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
        {hasInApp && (
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

function location(frame: StackFrame): string {
  if (frame.line === undefined) return '';
  return frame.column === undefined ? `${frame.line}` : `${frame.line}:${frame.column}`;
}

/** One frame, `id` ("exception:frame"): a few elements, no component of its own (big events have hundreds). */
function frameItem(
  frame: StackFrame,
  id: string,
  open: boolean,
  onToggle: (id: string, open: boolean) => void,
  link: FrameLinkView | undefined,
) {
  const where = location(frame);
  return (
    <li key={id} class="frame" data-in-app={frame.inApp}>
      <details open={open} onToggle={(event) => onToggle(id, event.currentTarget.open)}>
        <summary>
          <span class="frame-file">{frame.file}</span>
          {frame.function && ' in '}
          {frame.function && <span class="frame-function">{frame.function}</span>}
          {where && ' at line '}
          {where && <span class="frame-line">{where}</span>}
          {frame.inApp && <span class="badge-in-app">in app</span>}
        </summary>
        {open && frameSource(frame, where)}
      </details>
      {/* Beside the summary, not in it: a link inside a disclosure button would be a control inside a control. */}
      {link && (
        <a class="frame-link" href={link.href} target="_blank" rel="noreferrer noopener">
          {link.name}
        </a>
      )}
    </li>
  );
}

function frameSource(frame: StackFrame, where: string) {
  if (!frame.context.length) return <p class="muted">No source context for this frame.</p>;
  return (
    // Long lines scroll sideways: the block takes focus so the keyboard can scroll it, named for the frame.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1, axe scrollable-region-focusable).
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> is for form controls; this is a named block of source lines.
    <pre class="context" tabIndex={0} role="group" aria-label={`Source of ${frame.file}${where ? ` around line ${where}` : ''}`}>
      {frame.context.map((line) => (
        <div
          key={line.line}
          class={line.line === frame.line ? 'context-line error-line' : 'context-line'}
          aria-current={line.line === frame.line ? 'true' : undefined}
        >
          <span class="line-number">{line.line}</span>
          <code>{line.code}</code>
        </div>
      ))}
    </pre>
  );
}
