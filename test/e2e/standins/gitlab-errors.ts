// Error tracking data of the GitLab stand-in: the errors GitLab's Error Tracking shows for a project (read
// from its Sentry project or its integrated store), their GraphQL schema and entities, the web (session)
// endpoints' snake_case entities, GitLab's Rouge highlighting of stack-trace context lines, and Sentry-style
// cursor paging. Shapes follow shared/notes/gitlab-error-tracking.md §2 (GraphQL) and §3 (web endpoints).
import { GraphQLError, type GraphQLScalarType, Kind, buildSchema, type GraphQLSchema, type ValueNode } from 'graphql';
import { COMMITS } from './gitlab-data';

// ---------------------------------------------------------------------------------------------
// Data model

export type TrackedErrorStatus = 'unresolved' | 'ignored' | 'resolved';

/** One stack frame as Sentry reports it (GitLab passes these keys on); `context` holds plain source lines. */
export interface RawFrame {
  filename: string;
  function: string;
  absPath?: string;
  lineNo: number | null;
  colNo: number | null;
  inApp?: boolean;
  /** `[line number, source line]`, plain text: GitLab highlights it when serving. */
  context: Array<[number, string]>;
}

/** An error as the stand-in stores it. Mutate freely (status, count, …): every read uses the live record. */
export interface TrackedError {
  /** Sentry's numeric issue id (or the integrated fingerprint id), as a string. */
  sentryId: string;
  title: string;
  type: string;
  message: string | null;
  culprit: string;
  status: TrackedErrorStatus;
  /** A string like Sentry sends it (`"21"`), or a number like the integrated backend. Served as given. */
  count: number | string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  shortId: string;
  /** tags.level / tags.logger (Sentry's top-level issue fields). */
  level: string | null;
  logger: string | null;
  firstReleaseVersion: string | null;
  lastReleaseVersion: string | null;
  /** Sentry's stats["24h"]: `[unix seconds, count]`. */
  frequency: Array<[number, number]>;
  /** The latest event's frames in Sentry's order: the outermost call first, the raising frame last. */
  frames: RawFrame[];
  /** The latest event's time (errorStackTrace.dateReceived). */
  dateReceived: string;
  /** Overrides the URL derived from the project's settings (`<sentry_external_url>/issues/<id>`). */
  externalUrl?: string;
}

export type TrackedErrorInput = Partial<TrackedError> & { title: string };

const HOUR = 3600;

function frequencyEnding(lastSeen: string, total: number): Array<[number, number]> {
  const end = Math.floor(Date.parse(lastSeen) / 1000 / HOUR) * HOUR;
  const per = Math.max(0, Math.round(total / 24));
  return Array.from({ length: 24 }, (_, i): [number, number] => [end - (23 - i) * HOUR, i % 5 === 0 ? per + 1 : per]);
}

let generatedIds = 0;

/** Completes an input with Sentry-like defaults. */
export function buildTrackedError(input: TrackedErrorInput, shortIdPrefix = 'APP'): TrackedError {
  const sentryId = String(input.sentryId ?? 6_100_000 + ++generatedIds);
  const lastSeen = input.lastSeen ?? '2025-02-03T14:25:00Z';
  const count = input.count ?? '1';
  const [type = input.title, ...rest] = input.title.split(': ');
  return {
    sentryId,
    title: input.title,
    type: input.type ?? 'error',
    message: input.message !== undefined ? input.message : rest.length ? rest.join(': ') : type,
    culprit: input.culprit ?? '',
    status: input.status ?? 'unresolved',
    count,
    userCount: input.userCount ?? 1,
    firstSeen: input.firstSeen ?? '2025-01-20T08:00:00Z',
    lastSeen,
    shortId: input.shortId ?? `${shortIdPrefix}-${Number(sentryId).toString(36).toUpperCase()}`,
    level: input.level !== undefined ? input.level : 'error',
    logger: input.logger !== undefined ? input.logger : null,
    firstReleaseVersion: input.firstReleaseVersion ?? null,
    lastReleaseVersion: input.lastReleaseVersion ?? null,
    frequency: input.frequency ?? frequencyEnding(lastSeen, Number(count) || 0),
    frames: input.frames ?? [],
    dateReceived: input.dateReceived ?? lastSeen,
    ...(input.externalUrl !== undefined && { externalUrl: input.externalUrl }),
  };
}

// ---------------------------------------------------------------------------------------------
// Default data set (group/app)

const rubyFrame = (filename: string, fn: string, lineNo: number, lines: string[], first = lineNo - 3): RawFrame => ({
  filename,
  absPath: `/srv/app/${filename}`,
  function: fn,
  lineNo,
  colNo: null,
  inApp: !filename.startsWith('gems/'),
  context: lines.map((code, i): [number, string] => [first + i, code]),
});

const jsFrame = (filename: string, fn: string, lineNo: number, colNo: number, lines: string[], first = lineNo - 2): RawFrame => ({
  filename,
  absPath: `webpack:///${filename}`,
  function: fn,
  lineNo,
  colNo,
  inApp: !filename.includes('node_modules'),
  context: lines.map((code, i): [number, string] => [first + i, code]),
});

/** The frames of the default NoMethodError: the raising frame compares with `<` and `&&` (entities once highlighted). */
export const DEFAULT_RAISING_CONTEXT = [
  '  def display_name',
  '    # Short names are shown as they are',
  '    return name if name && name.length < 64',
  '    "#{owner.display_name} (#{id})"',
  '  end',
];

function rubyTrace(file: string, fn: string, line: number): RawFrame[] {
  return [
    rubyFrame(
      'gems/actionpack-7.1.3/lib/action_controller/metal/basic_implicit_render.rb',
      'send_action',
      6,
      ['    def send_action(method, *args)', '      ret = super', '      default_render unless performed?', '      ret', '    end'],
      4,
    ),
    rubyFrame(
      'app/controllers/users_controller.rb',
      'show',
      12,
      ['  def show', '    @user = User.find(params[:id])', '    @title = @user.display_name', '    render :show', '  end'],
      10,
    ),
    rubyFrame(file, fn, line, [
      `  def ${fn}`,
      `    value = compute(:${fn})`,
      '    raise ArgumentError, "bad value" if value.nil?',
      '    value',
      '  end',
    ]),
  ];
}

function jsTrace(file: string, fn: string, line: number, col: number): RawFrame[] {
  return [
    jsFrame(
      'node_modules/preact/dist/preact.module.js',
      'x',
      1,
      6190,
      ['import{options}from"./options";', 'export function x(n,l){return n&&l}'],
      1,
    ),
    jsFrame(file, fn, line, col, [
      `export function ${fn}(props) {`,
      '  const rows = props.errors.map((e) => <Row key={e.id} error={e} />);',
      '  return <ul>{rows}</ul>;',
      '}',
    ]),
  ];
}

/** group/app's errors: 14 unresolved (some counts as Sentry's strings, some as numbers), 3 ignored, 2 resolved. */
export function defaultAppErrors(): TrackedErrorInput[] {
  const at = (hoursAgo: number) =>
    new Date(Date.parse('2025-02-03T14:25:00Z') - hoursAgo * HOUR * 1000).toISOString().replace('.000Z', 'Z');
  let id = 5_270_000;
  const next = () => String(++id);
  const unresolved: TrackedErrorInput[] = [
    {
      title: "NoMethodError: undefined method `display_name' for nil:NilClass",
      culprit: 'UsersController#show',
      count: '1204',
      userCount: 311,
      level: 'error',
      logger: 'ruby',
      firstReleaseVersion: COMMITS.appFix,
      lastReleaseVersion: 'web@1.4.2',
      frames: [
        ...rubyTrace('app/models/user.rb', 'display_name', 40).slice(0, 2),
        rubyFrame('app/models/user.rb', 'display_name', 40, DEFAULT_RAISING_CONTEXT, 38),
      ],
    },
    {
      title: "TypeError: Cannot read properties of undefined (reading 'map')",
      culprit: 'ErrorList(src/components/ErrorList)',
      count: 311,
      userCount: 97,
      level: 'error',
      logger: 'javascript',
      frames: jsTrace('src/components/ErrorList.tsx', 'ErrorList', 14, 29),
      firstReleaseVersion: 'web@1.4.0',
    },
    {
      title: "ActiveRecord::RecordNotFound: Couldn't find Project with 'id'=9",
      culprit: 'ProjectsController#show',
      count: '88',
      userCount: 12,
      level: 'warning',
      frames: rubyTrace('app/controllers/projects_controller.rb', 'show', 21),
      firstReleaseVersion: '1.2.3',
    },
    {
      title: 'Redis::TimeoutError: Connection timed out',
      culprit: 'CacheWorker#perform',
      count: '57',
      userCount: 0,
      level: 'error',
      frames: rubyTrace('app/workers/cache_worker.rb', 'perform', 8),
    },
    {
      title: 'ZeroDivisionError: divided by 0',
      culprit: 'ReportsController#index',
      count: 41,
      userCount: 8,
      frames: rubyTrace('app/services/report_service.rb', 'average', 33),
    },
    {
      title: "JSON::ParserError: unexpected token at '<html>'",
      culprit: 'WebhookClient#deliver',
      count: '23',
      userCount: 3,
      frames: rubyTrace('lib/webhook_client.rb', 'deliver', 52),
    },
    {
      title: 'ReferenceError: gon is not defined',
      culprit: 'main(src/main)',
      count: 19,
      userCount: 19,
      logger: 'javascript',
      frames: jsTrace('src/main.ts', 'boot', 7, 3),
    },
    {
      title: 'Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>',
      culprit: 'SentryClient#get',
      count: '12',
      userCount: 0,
      frames: rubyTrace('lib/sentry_client.rb', 'get', 71),
    },
    {
      title: "ActionView::Template::Error: undefined local variable or method `current_user'",
      culprit: 'layouts/application',
      count: '9',
      userCount: 4,
      frames: rubyTrace('app/views/layouts/application.html.haml', 'render', 3),
    },
    {
      title: 'SyntaxError: Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
      culprit: 'fetchErrors(src/api)',
      count: 7,
      userCount: 6,
      logger: 'javascript',
      frames: jsTrace('src/api.ts', 'fetchErrors', 40, 18),
    },
    {
      title: 'PG::ConnectionBad: could not connect to server',
      culprit: 'ActiveRecord::ConnectionAdapters',
      count: '5',
      userCount: 0,
      level: 'fatal',
      frames: rubyTrace('config/initializers/database.rb', 'connect', 4),
    },
    {
      title: 'Sidekiq::Shutdown: Sidekiq::Shutdown',
      culprit: 'ExportWorker#perform',
      count: 3,
      userCount: 0,
      level: 'info',
      frames: rubyTrace('app/workers/export_worker.rb', 'perform', 15),
    },
    {
      title: 'ArgumentError: wrong number of arguments (given 2, expected 1)',
      culprit: 'Notifier#call',
      count: '2',
      userCount: 1,
      frames: rubyTrace('app/services/notifier.rb', 'call', 9),
    },
    {
      title: 'Errno::ECONNREFUSED: Connection refused - connect(2) for "localhost" port 6379',
      culprit: 'Rack::Attack',
      count: '1',
      userCount: 1,
      frames: [],
    },
  ].map((e, i) => ({ ...e, sentryId: next(), lastSeen: at(i * 3 + 1), firstSeen: at(300 + i * 11), status: 'unresolved' as const }));
  const ignored: TrackedErrorInput[] = [
    {
      title: 'DeprecationWarning: Buffer() is deprecated',
      culprit: 'node:internal/buffer',
      count: 640,
      userCount: 0,
      level: 'warning',
      logger: 'javascript',
    },
    { title: 'Rack::Timeout::RequestTimeoutException: Request waited 30001ms', culprit: 'Rack::Timeout', count: '77', userCount: 31 },
    {
      title: 'ActionController::RoutingError: No route matches [GET] "/wp-login.php"',
      culprit: 'ActionDispatch::DebugExceptions',
      count: '4012',
      userCount: 0,
      level: 'info',
    },
  ].map((e, i) => ({
    ...e,
    sentryId: next(),
    lastSeen: at(i * 5 + 2),
    firstSeen: at(900 + i),
    status: 'ignored' as const,
    frames: rubyTrace('app/controllers/application_controller.rb', 'route', 5),
  }));
  const resolved: TrackedErrorInput[] = [
    { title: 'NameError: uninitialized constant Billing::Invoice', culprit: 'BillingController#create', count: '15', userCount: 2 },
    { title: 'Faraday::ConnectionFailed: Failed to open TCP connection', culprit: 'GitlabClient#get', count: 6, userCount: 0 },
  ].map((e, i) => ({
    ...e,
    sentryId: next(),
    lastSeen: at(i * 7 + 40),
    firstSeen: at(700 + i),
    status: 'resolved' as const,
    frames: rubyTrace('app/services/billing.rb', 'create', 27),
  }));
  return [...unresolved, ...ignored, ...resolved];
}

// ---------------------------------------------------------------------------------------------
// Rouge-style highlighting (StackTraceHighlightDecorator → Gitlab::Highlight.highlight(nil, line, language:))

const escapeRouge = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** Rouge::Lexer.guess_by_filename(...).tag, for the languages the stand-in's frames use. */
function languageFor(filename: string): string {
  const name = filename.toLowerCase();
  if (/\.(rb|rake|gemspec)$/.test(name) || name.endsWith('.html.haml')) return name.endsWith('.haml') ? 'haml' : 'ruby';
  if (/\.(m?js|cjs|jsx)$/.test(name)) return 'javascript';
  if (/\.tsx?$/.test(name)) return 'typescript';
  if (name.endsWith('.py')) return 'python';
  return 'plaintext';
}

const KEYWORDS: Record<string, Set<string>> = {
  ruby: new Set([
    'def',
    'end',
    'if',
    'elsif',
    'else',
    'unless',
    'return',
    'class',
    'module',
    'do',
    'while',
    'until',
    'case',
    'when',
    'then',
    'begin',
    'rescue',
    'ensure',
    'raise',
    'yield',
    'and',
    'or',
    'not',
    'super',
    'alias',
    'in',
  ]),
  javascript: new Set([
    'function',
    'return',
    'const',
    'let',
    'var',
    'if',
    'else',
    'for',
    'while',
    'new',
    'import',
    'export',
    'from',
    'class',
    'extends',
    'throw',
    'try',
    'catch',
    'async',
    'await',
    'typeof',
    'instanceof',
    'default',
  ]),
  python: new Set([
    'def',
    'return',
    'if',
    'elif',
    'else',
    'for',
    'while',
    'import',
    'from',
    'class',
    'raise',
    'try',
    'except',
    'with',
    'as',
    'lambda',
    'pass',
    'in',
    'and',
    'or',
    'not',
  ]),
};
KEYWORDS.typescript = new Set([...KEYWORDS.javascript!, 'interface', 'type', 'enum', 'implements', 'readonly']);
const PSEUDO: Record<string, Set<string>> = {
  ruby: new Set(['nil', 'true', 'false', 'self']),
  javascript: new Set(['null', 'undefined', 'true', 'false', 'this']),
  python: new Set(['None', 'True', 'False', 'self']),
};
PSEUDO.typescript = PSEUDO.javascript!;

const span = (cls: string, text: string) => `<span class="${cls}">${escapeRouge(text)}</span>`;

/** Rouge token classes (k, kp, nf, nc, no, n, nx, s1, s2, sb, ss, vi, mi, c1, o, p) for one line of code. */
function highlightTokens(language: string, code: string): string {
  const keywords = KEYWORDS[language];
  if (!keywords) return escapeRouge(code);
  const pseudo = PSEUDO[language] ?? new Set<string>();
  const ruby = language === 'ruby' || language === 'haml';
  const commentStart = ruby || language === 'python' ? /^#.*/ : /^\/\/.*/;
  let out = '';
  let rest = code;
  let previousWord = '';
  while (rest.length) {
    let m: RegExpExecArray | null;
    const take = (text: string, cls?: string) => {
      out += cls ? span(cls, text) : escapeRouge(text);
      rest = rest.slice(text.length);
    };
    if ((m = /^\s+/.exec(rest))) take(m[0]);
    else if ((m = commentStart.exec(rest))) take(m[0], 'c1');
    else if ((m = /^"(?:[^"\\]|\\.)*"?/.exec(rest))) take(m[0], 's2');
    else if ((m = /^'(?:[^'\\]|\\.)*'?/.exec(rest))) take(m[0], 's1');
    else if (!ruby && (m = /^`(?:[^`\\]|\\.)*`?/.exec(rest))) take(m[0], 'sb');
    else if (ruby && (m = /^:[A-Za-z_]\w*[?!]?/.exec(rest))) take(m[0], 'ss');
    else if (ruby && (m = /^@@?[A-Za-z_]\w*/.exec(rest))) take(m[0], 'vi');
    else if ((m = /^\d[\d_]*(?:\.\d+)?/.exec(rest))) take(m[0], m[0].includes('.') ? 'mf' : 'mi');
    else if ((m = ruby ? /^[A-Za-z_]\w*[?!]?/.exec(rest) : /^[A-Za-z_$][\w$]*/.exec(rest))) {
      const word = m[0];
      const cls = keywords.has(word)
        ? 'k'
        : pseudo.has(word)
          ? 'kp'
          : previousWord === 'def' || previousWord === 'function'
            ? 'nf'
            : previousWord === 'class' || previousWord === 'module'
              ? 'nc'
              : /^[A-Z]/.test(word) && ruby
                ? 'no'
                : ruby || language === 'python'
                  ? 'n'
                  : 'nx';
      take(word, cls);
      previousWord = word;
      continue;
    } else if ((m = /^(?:===|!==|==|!=|<=|>=|&&|\|\||=>|->|\*\*|[-+*/%=<>!&|^~?])/.exec(rest))) take(m[0], 'o');
    else if ((m = /^[()[\]{},.;:]/.exec(rest))) take(m[0], 'p');
    else take(rest[0] as string);
    if (m && !/^\s+$/.test(m[0])) previousWord = '';
  }
  return out;
}

/** What GitLab serves as a context line's `code`: `<span id="LC1" class="line" lang="ruby">…tokens…</span>`. */
export function highlightLine(filename: string, code: string): string {
  const language = languageFor(filename);
  return `<span id="LC1" class="line" lang="${language}">${highlightTokens(language, code)}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Listing: Sentry's search, sort and cursor paging, as GitLab passes them through

export const ERROR_SORTS = ['last_seen', 'first_seen', 'frequency'] as const;
export const ISSUE_STATUSES: TrackedErrorStatus[] = ['resolved', 'unresolved', 'ignored'];

const numericCount = (e: TrackedError) => Number(e.count) || 0;

export function sortErrors(list: TrackedError[], sort: string): TrackedError[] {
  const key = (e: TrackedError): number =>
    sort === 'first_seen' ? Date.parse(e.firstSeen) : sort === 'frequency' ? numericCount(e) : Date.parse(e.lastSeen);
  return [...list].sort((a, b) => key(b) - key(a) || Number(b.sentryId) - Number(a.sentryId));
}

/** Sentry's free-text query: every word must occur in the title, culprit or message (case-insensitive). */
export function searchErrors(list: TrackedError[], term: string | undefined): TrackedError[] {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return list;
  return list.filter((e) => {
    const text = `${e.title}\n${e.culprit}\n${e.message ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * A page the way GitLab gets it from Sentry: `limit` items from the cursor's offset, with Sentry cursors
 * (`<value>:<offset>:<is_prev>`) for the neighbours. A direction appears only when it has results, as
 * GitLab's pagination parser keeps only `results="true"` links.
 */
export function cursorPage<T>(items: T[], cursor: string | undefined, limit: number) {
  const offset = Math.max(0, Number(/^\d+:(\d+):[01]$/.exec(cursor ?? '')?.[1] ?? 0));
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? `0:${offset + limit}:0` : undefined;
  const previous = offset > 0 ? `0:${Math.max(0, offset - limit)}:1` : undefined;
  return { page, next, previous };
}

// ---------------------------------------------------------------------------------------------
// Entities

/** Where an error's URLs point: its Sentry project, or the GitLab project for the integrated backend. */
export interface ErrorSource {
  integrated: boolean;
  /** Sentry project URL (`sentry_external_url`), or the GitLab project's Error Tracking URL. */
  externalBaseUrl: string;
  sentryProjectId: string;
  sentryProjectName: string;
  sentryProjectSlug: string;
}

const errorExternalUrl = (e: TrackedError, source: ErrorSource) =>
  e.externalUrl ??
  (source.integrated ? `${source.externalBaseUrl}/${e.sentryId}/details` : `${source.externalBaseUrl}/issues/${e.sentryId}`);

/** ErrorTracking::ErrorEntity (the web list's rows), snake_case. */
export function webErrorEntity(e: TrackedError, source: ErrorSource) {
  return {
    id: e.sentryId,
    title: e.title,
    type: e.type,
    user_count: e.userCount,
    count: e.count,
    first_seen: e.firstSeen,
    last_seen: e.lastSeen,
    message: e.message,
    culprit: e.culprit,
    external_url: errorExternalUrl(e, source),
    project_id: source.sentryProjectId,
    project_name: source.sentryProjectName,
    project_slug: source.sentryProjectSlug,
    short_id: e.shortId,
    status: e.status,
    frequency: e.frequency,
  };
}

/** The raw frames GitLab serves from stack_trace.json, context highlighted. */
export function highlightedFrames(e: TrackedError) {
  return e.frames.map((f) => ({
    filename: f.filename,
    absPath: f.absPath ?? f.filename,
    function: f.function,
    lineNo: f.lineNo,
    colNo: f.colNo,
    inApp: f.inApp ?? true,
    context: f.context.map(([line, code]) => [line, highlightLine(f.filename, code)]),
  }));
}

const GRAPHQL_STATUS: Record<TrackedErrorStatus, string> = { unresolved: 'UNRESOLVED', ignored: 'IGNORED', resolved: 'RESOLVED' };

/** Fields shared by SentryError and SentryDetailedError. */
export function graphqlError(e: TrackedError, source: ErrorSource) {
  return {
    id: `gid://gitlab/Gitlab::ErrorTracking::Error/${e.sentryId}`,
    sentryId: e.sentryId,
    title: e.title,
    type: e.type,
    message: e.message,
    culprit: e.culprit,
    status: GRAPHQL_STATUS[e.status],
    count: e.count,
    userCount: e.userCount,
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    externalUrl: errorExternalUrl(e, source),
    shortId: e.shortId,
    sentryProjectId: source.sentryProjectId,
    sentryProjectName: source.sentryProjectName,
    sentryProjectSlug: source.sentryProjectSlug,
    frequency: e.frequency.map(([time, count]) => ({ time: new Date(time * 1000).toISOString().replace('.000Z', 'Z'), count })),
  };
}

export function graphqlStackTrace(e: TrackedError) {
  return {
    issueId: e.sentryId,
    dateReceived: e.dateReceived,
    // SentryErrorStackTraceEntry: every field a String (col from colNo, line from lineNo).
    stackTraceEntries: e.frames.map((f) => ({
      fileName: f.filename,
      function: f.function,
      line: f.lineNo === null ? null : String(f.lineNo),
      col: f.colNo === null ? null : String(f.colNo),
      traceContext: f.context.map(([line, code]) => ({ line, code: highlightLine(f.filename, code) })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// GraphQL schema: the part of GitLab's schema error tracking uses (doc/api/graphql/reference, 18.x)

const SDL = /* GraphQL */ `
  """Time in ISO 8601."""
  scalar Time
  """A Gitlab::ErrorTracking::DetailedError global id: gid://gitlab/Gitlab::ErrorTracking::DetailedError/<id>."""
  scalar GitlabErrorTrackingDetailedErrorID
  """
  GitLab declares count as Int!; the stand-in passes the backend's value through, so a Sentry-backed error
  can answer "21" (a string) and an integrated one 21.
  """
  scalar SentryCount

  type Query {
    project(fullPath: ID!): Project
    currentUser: CurrentUser
  }

  type CurrentUser {
    id: ID!
    username: String!
    name: String!
  }

  type Project {
    id: ID!
    fullPath: ID!
    name: String!
    webUrl: String
    sentryErrors: SentryErrorCollection
  }

  type SentryErrorCollection {
    externalUrl: String
    errors(searchTerm: String, sort: String, after: String, before: String, first: Int, last: Int): SentryErrorConnection
    detailedError(id: GitlabErrorTrackingDetailedErrorID!): SentryDetailedError
    errorStackTrace(id: GitlabErrorTrackingDetailedErrorID!): SentryErrorStackTrace
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type SentryErrorConnection {
    count: Int!
    edges: [SentryErrorEdge]
    nodes: [SentryError]
    pageInfo: PageInfo!
  }

  type SentryErrorEdge {
    cursor: String!
    node: SentryError
  }

  enum SentryErrorStatus {
    RESOLVED
    RESOLVED_IN_NEXT_RELEASE
    UNRESOLVED
    IGNORED
  }

  type SentryErrorFrequency {
    count: Int!
    time: Time!
  }

  type SentryErrorTags {
    level: String
    logger: String
  }

  type SentryError {
    count: SentryCount!
    culprit: String!
    externalUrl: String!
    firstSeen: Time!
    frequency: [SentryErrorFrequency!]!
    id: ID!
    lastSeen: Time!
    message: String
    sentryId: String!
    sentryProjectId: ID!
    sentryProjectName: String!
    sentryProjectSlug: String!
    shortId: String!
    status: SentryErrorStatus!
    title: String!
    type: String!
    userCount: Int!
  }

  type SentryDetailedError {
    count: SentryCount!
    culprit: String!
    externalBaseUrl: String!
    externalUrl: String!
    firstReleaseLastCommit: String
    firstReleaseShortVersion: String
    firstReleaseVersion: String
    firstSeen: Time!
    frequency: [SentryErrorFrequency!]!
    gitlabCommit: String
    gitlabCommitPath: String
    gitlabIssuePath: String
    id: ID!
    integrated: Boolean
    lastReleaseLastCommit: String
    lastReleaseShortVersion: String
    lastReleaseVersion: String
    lastSeen: Time!
    message: String
    sentryId: String!
    sentryProjectId: ID!
    sentryProjectName: String!
    sentryProjectSlug: String!
    shortId: String!
    status: SentryErrorStatus!
    tags: SentryErrorTags!
    title: String!
    type: String!
    userCount: Int!
  }

  type SentryErrorStackTrace {
    dateReceived: String!
    issueId: String!
    stackTraceEntries: [SentryErrorStackTraceEntry!]!
  }

  type SentryErrorStackTraceEntry {
    col: String
    fileName: String
    function: String
    line: String
    traceContext: [SentryErrorStackTraceContext!]
  }

  type SentryErrorStackTraceContext {
    code: String!
    line: Int!
  }
`;

const DETAILED_ERROR_GID = /^gid:\/\/gitlab\/Gitlab::ErrorTracking::DetailedError\/(\d+)$/;

/** GitLab's GlobalIDType coercion: anything but a DetailedError gid is refused. */
function parseDetailedErrorId(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  const m = DETAILED_ERROR_GID.exec(text);
  if (!m) throw new GraphQLError(`${JSON.stringify(value)} is not a valid Global ID`);
  return m[1] as string;
}

let schema: GraphQLSchema | undefined;

/** The executable schema (resolvers come from the root value: see gitlab.ts). */
export function errorTrackingSchema(): GraphQLSchema {
  if (schema) return schema;
  const built = buildSchema(SDL);
  const gid = built.getType('GitlabErrorTrackingDetailedErrorID') as GraphQLScalarType;
  gid.parseValue = parseDetailedErrorId;
  gid.parseLiteral = (node: ValueNode) => parseDetailedErrorId(node.kind === Kind.STRING ? node.value : undefined);
  gid.serialize = (value: unknown) => `gid://gitlab/Gitlab::ErrorTracking::DetailedError/${String(value)}`;
  schema = built;
  return built;
}
