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

/** The latest event's exceptions, newest first, each with its frames innermost first. */
export function StackTrace({ exceptions, unavailable, headingLevel, links }: Props) {
  const linkOf = useMemo(() => frameLinkLookup(links), [links]);
  const Heading = `h${headingLevel}` as 'h3';
  const hasInApp = exceptions.some((exception) => exception.frames.some((frame) => frame.inApp));
  const [inAppOnly, setInAppOnly] = useState(false);
  const hasFrames = exceptions.some((exception) => exception.frames.length > 0);
  // The first in-app frame anywhere in the chain is where people look first; else the raising frame.
  const allFrames = exceptions.flatMap((exception) => exception.frames);
  const firstToOpen = allFrames.find((frame) => frame.inApp) ?? allFrames[0];
  return (
    <section class="stack-trace" aria-labelledby="stack-trace-heading">
      <div class="stack-trace-head">
        <Heading id="stack-trace-heading" class="stack-trace-title">
          Stack trace
        </Heading>
        {hasFrames && hasInApp && (
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
        exceptions.map((exception, index) => (
          <ExceptionBlock
            key={index}
            exception={exception}
            cause={index > 0}
            inAppOnly={inAppOnly}
            firstToOpen={firstToOpen}
            linkOf={linkOf}
            titleLevel={(headingLevel + 1) as 3 | 4 | 5}
          />
        ))
      )}
    </section>
  );
}

function ExceptionBlock({
  exception,
  cause,
  inAppOnly,
  firstToOpen,
  linkOf,
  titleLevel,
}: {
  exception: ExceptionTrace;
  cause: boolean;
  inAppOnly: boolean;
  firstToOpen?: StackFrame;
  linkOf(frame: StackFrame): FrameLinkView | undefined;
  titleLevel: 3 | 4 | 5;
}) {
  const Title = `h${titleLevel}` as 'h4';
  const frames = inAppOnly ? exception.frames.filter((frame) => frame.inApp) : exception.frames;
  return (
    <div class="exception">
      {cause && <p class="cause-label">Caused by</p>}
      {(exception.type || exception.value) && (
        <Title class="exception-title">
          <span class="exception-type">{exception.type}</span>
          {exception.value && <span class="exception-value">{exception.value}</span>}
        </Title>
      )}
      {frames.length === 0 ? (
        <p class="muted">{exception.frames.length ? 'No in-app frames in this exception.' : 'No frames in this exception.'}</p>
      ) : (
        <ol class="frames">
          {frames.map((frame, index) => (
            <Frame key={index} frame={frame} initiallyOpen={frame === firstToOpen} link={linkOf(frame)} />
          ))}
        </ol>
      )}
      {exception.framesOmitted > 0 && <p class="muted">{exception.framesOmitted} more frames not shown.</p>}
    </div>
  );
}

function location(frame: StackFrame): string {
  if (frame.line === undefined) return '';
  return frame.column === undefined ? `${frame.line}` : `${frame.line}:${frame.column}`;
}

function Frame({ frame, initiallyOpen, link }: { frame: StackFrame; initiallyOpen: boolean; link?: FrameLinkView }) {
  // Context lines are only built once a frame is opened: big events have hundreds of frames.
  const [open, setOpen] = useState(initiallyOpen);
  const where = location(frame);
  return (
    <li class="frame" data-in-app={frame.inApp}>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <span class="frame-file">{frame.file}</span>
          {frame.function && (
            <>
              {' in '}
              <span class="frame-function">{frame.function}</span>
            </>
          )}
          {where && (
            <>
              {' at line '}
              <span class="frame-line">{where}</span>
            </>
          )}
          {frame.inApp && <span class="badge-in-app">in app</span>}
        </summary>
        {open &&
          (frame.context.length ? (
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
          ) : (
            <p class="muted">No source context for this frame.</p>
          ))}
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
