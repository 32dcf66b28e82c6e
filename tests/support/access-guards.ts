import ts from "typescript";
import type { Access, Signature } from "./access-map";
import { exportsOf, sourceOf } from "./app-entry-points";

/**
 * Reading an entry point's code (TypeScript AST) to find the call that checks who is asking, and
 * what it runs before that call. Everything this check knows is in the three tables below.
 */

type Fit = Exclude<Access["who"], "signed" | "public" | "redirect"> | `signed:${Signature}`;

type GuardSpec = {
  /** Which map entries (Access.who, or signed:<by>) this call can be the guard of. */
  fits: readonly Fit[];
  /**
   * throws — nothing after it runs without the caller passing (throws, redirects, 403s);
   * checked — returns a verdict (null / false) that an `if` right after must act on by leaving;
   * verdict — returns a refusal as a value: code after it in the entry point may only make the
   *   calls reviewed in REVIEWED_AFTER_VERDICT.
   */
  kind: "throws" | "checked" | "verdict";
  /** Where the permission it checks is written: the first argument, or the `permission` property of its one object argument. */
  permission?: "first argument" | "permission property";
  /** Wraps the handler it is given (the handler runs inside, after the check). */
  wrapper?: boolean;
};

/** The calls recognised as guards. */
const GUARDS: Record<string, GuardSpec & { why: string }> = {
  runStaffAction: {
    fits: ["staff"],
    kind: "verdict",
    permission: "permission property",
    why: "lib/auth/staff-action.ts: requireStaff(permission), then zod, then `run`; a refusal comes back as the FormState",
  },
  requireStaff: {
    fits: ["staff", "staff_or_h5"],
    kind: "throws",
    permission: "first argument",
    why: "lib/auth/staff-session.ts: throws sign_in_required (401) / forbidden (403)",
  },
  requireStaffPage: {
    fits: ["staff"],
    kind: "throws",
    permission: "first argument",
    why: "lib/auth/staff-session.ts: redirects to sign-in, or forbidden() → the 403 page",
  },
  requireH5Session: {
    fits: ["h5", "staff_or_h5"],
    kind: "throws",
    why: "lib/auth/h5-session.ts: throws session_required (401)",
  },
  getH5Session: {
    fits: ["h5", "staff_or_h5"],
    kind: "checked",
    why: "lib/auth/h5-session.ts: the H5 session or null; the entry must leave when it is null",
  },
  getStaffActor: {
    fits: ["staff_or_h5"],
    kind: "checked",
    why: "lib/auth/staff-session.ts: the staff member or null; only a guard where the lib call checks the permission itself (photos)",
  },
  shopRoute: {
    fits: ["shop"],
    kind: "throws",
    wrapper: true,
    why: "lib/api/shop-route.ts: requireShopKey (Bearer SHOP_API_KEY, constant time) before the handler",
  },
  shopNodeRoute: {
    fits: ["shop"],
    kind: "throws",
    wrapper: true,
    why: "lib/api/node-route.ts → answerShopRequest: requireShopKey (Bearer SHOP_API_KEY, constant time) before the handler",
  },
  h5NodeRoute: {
    fits: ["h5"],
    kind: "throws",
    wrapper: true,
    why: "lib/api/h5-node-route.ts: the H5 session from its cookie (401), then the same-origin check (403), before the body and the handler",
  },
  openH5Link: {
    fits: ["signed:h5-link"],
    kind: "verdict",
    why: "lib/auth/open-h5-link.ts: HMAC, expiry and single use of the link, then the session; refusals are an outcome",
  },
  previewH5Switch: {
    fits: ["signed:h5-link"],
    kind: "checked",
    why: "lib/auth/open-h5-link.ts: verifies the pending link's signature before showing whose it is",
  },
  isSameOriginPost: {
    fits: ["signed:h5-switch"],
    kind: "checked",
    why: "lib/auth/same-origin-post.ts: the Origin of a form POST must be this app",
  },
  workspaceLinkTarget: {
    fits: ["signed:workspace-link"],
    kind: "checked",
    why: "lib/notify/workspace-link.ts: the link's HMAC; null when it does not verify",
  },
  receiveEvents: {
    fits: ["signed:engine-event-key"],
    kind: "verdict",
    why: "lib/workflow-engine/receive-events.ts: compares the event key before reading the body (401)",
  },
  previewStaffToken: {
    fits: ["signed:staff-token"],
    kind: "checked",
    why: "lib/staff/staff-tokens.ts: the link's digest, unused, unexpired, account active; null otherwise",
  },
  setPasswordWithToken: {
    fits: ["signed:staff-token"],
    kind: "verdict",
    why: "lib/staff/set-password.ts: checks the link before anything else; an unknown, used or expired one is refused as a value",
  },
  checkBearer: {
    fits: ["signed:metrics-token"],
    kind: "checked",
    why: "lib/auth/bearer-token.ts: the bearer token against METRICS_TOKEN, in constant time",
  },
  createRouteHandler: {
    fits: ["signed:uploadthing"],
    kind: "throws",
    wrapper: true,
    why: "uploadthing/next: uploads run the router's middleware (lib/storage/uploadthing-router.ts authorizeUpload); callbacks are verified with the token",
  },
  serve: {
    fits: ["signed:inngest-signature"],
    kind: "throws",
    wrapper: true,
    why: "inngest/next: the SDK verifies every request's signature with the signing key",
  },
};

/**
 * lib/ functions an entry point may call before its guard: they read the request, the
 * configuration or the caller's own session, and touch nobody's data.
 */
const HARMLESS_BEFORE_GUARD: Record<string, string> = {
  formObject: "FormData → plain object",
  getEnv: "the validated configuration",
  parseQueueFilter: "parses the queue's URL filter",
  queueQueryString: "writes a filter back as a query string",
  parseDashboardFilter: "parses the dashboard's URL filter",
  parseRatingFilter: "parses the ratings list's URL filter",
  ratingsHref: "writes a ratings filter back as a URL (where sign-in returns to)",
  dashboardQueryString: "writes a filter back as a query string",
  localeFromAcceptLanguage: "picks a locale from a header",
  isLocale: "checks a locale code",
  requestLocale: "the visitor's language, from their cookie or Accept-Language",
  chosenLocale: "picks the visitor's language from a cookie value and a header",
  isUuid: "checks an id's shape",
  clientAddress: "reads X-Forwarded-For",
  can: "looks up the permission table",
  getStaffActor: "the caller's own staff session (a guard only where the map says staff_or_h5)",
  getH5Session: "the caller's own H5 session (passed along, e.g. to say who is signed in now)",
  embeddedEngineKeys: "configuration: whether the embedded engine runs",
  workflowMode: "configuration: which workflow runner is in use",
  problemResponse: "formats an error as problem+json",
  renderErrorPage: "renders an error page",
  h5SessionCookie: "builds a cookie from a session just opened",
  pendingLinkCookie: "builds a cookie holding the link the browser already has",
  isFramed: "reads Sec-Fetch-Dest: whether the request is the widget's frame",
  unsealToken: "decrypts the widget's ticket into the signed link the guard (openH5Link) then checks",
  timed: "metrics wrapper: times the handler it wraps",
  appEnginePool: "the embedded engine's connection pool, created once; no query",
};

/**
 * Calls an entry point makes after a `verdict` guard outside the guard's callbacks, reviewed one
 * by one: they must not act unless the guard let the caller through.
 */
const REVIEWED_AFTER_VERDICT: Record<string, Record<string, string>> = {
  "app/(h5)/h5/enter/route.ts#GET": {
    h5CookieAttributes: "builds the language cookie's attributes, set only when openH5Link answered signed_in",
  },
  "app/(admin)/admin/sign-in/set-password/actions.ts#setPasswordAction": {
    formStateFromError: "translates the refusal setPasswordWithToken returned; writes nothing",
  },
  "app/(admin)/admin/(workspace)/settings/rules/actions.ts#rulesAction": {
    formatYuan: "formats the preview's total, which runStaffAction returns only after the permission check",
  },
  "app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#resolveAction": {
    configuredShopRefundClient: "builds the shop's refund client from the configuration",
    settleRefund:
      "runs only for state.result.pendingRefundId, which runStaffAction returns only after the permission check and a committed resolution",
  },
};

/** Calls that end a request (Next's navigation interrupts). */
const LEAVING_CALLS = new Set(["redirect", "permanentRedirect", "notFound", "forbidden", "unauthorized"]);

type Hit = { name: string; spec: GuardSpec; permission?: string; line: number; via?: string };
type Summary = {
  guard?: Hit;
  /** The local function the guard was found in, when it was found in one (runCustomerAction). */
  wrapper?: ts.FunctionLikeDeclaration;
  /** Whether a refused caller gets no further than the guard (it throws, or the function is left by a throw). */
  refusalThrows: boolean;
  before: string[];
  afterVerdict: string[];
  unchecked: string[];
};

type FileContext = {
  file: string;
  source: ts.SourceFile;
  imports: Map<string, string>;
  functions: Map<string, ts.FunctionLikeDeclaration>;
  values: Map<string, ts.Expression>;
};

const contexts = new Map<string, FileContext>();

function contextOf(file: string): FileContext {
  const cached = contexts.get(file);
  if (cached) return cached;
  const source = sourceOf(file);
  const imports = new Map<string, string>();
  const functions = new Map<string, ts.FunctionLikeDeclaration>();
  const values = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.importClause;
      if (clause.name) imports.set(clause.name.text, from);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings))
        for (const element of clause.namedBindings.elements) imports.set(element.name.text, from);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings))
        imports.set(clause.namedBindings.name.text, from);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const init = unwrap(declaration.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) functions.set(declaration.name.text, init);
        else values.set(declaration.name.text, declaration.initializer);
      }
    }
  }
  const context = { file, source, imports, functions, values };
  contexts.set(file, context);
  return context;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isAwaitExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** The identifier an expression hangs from: `db.complaint.findFirst` → db. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  const e = unwrap(expression);
  if (ts.isIdentifier(e)) return e;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return rootIdentifier(e.expression);
  return undefined;
}

const isLibModule = (from: string) => /^@\/(lib|inngest)(\/|$)/.test(from) || /^(\.\.?\/)+(lib|inngest)\//.test(from);

/**
 * Whether a call reads or writes data: a lib/ function called by name (unless harmless), or any
 * method of the database client. Other lib/ values called through a method are zod schemas
 * (`schema.merge(…)`), which touch nothing.
 */
function isSensitive(context: FileContext, call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  const root = rootIdentifier(callee);
  const from = root ? context.imports.get(root.text) : undefined;
  if (!root || from === undefined || !isLibModule(from)) return undefined;
  if (ts.isIdentifier(callee)) return HARMLESS_BEFORE_GUARD[callee.text] ? undefined : callee.text;
  return root.text === "db" ? callee.getText(context.source) : undefined;
}

/** The statement leaves the function: return, throw, or one of Next's interrupts. */
function leaves(statement: ts.Statement): "throw" | "return" | undefined {
  if (ts.isThrowStatement(statement)) return "throw";
  if (ts.isReturnStatement(statement)) return "return";
  if (ts.isExpressionStatement(statement)) {
    const call = unwrap(statement.expression);
    // redirect(), notFound(), forbidden() throw Next's interrupts.
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && LEAVING_CALLS.has(call.expression.text))
      return "throw";
  }
  if (ts.isBlock(statement))
    for (const inner of statement.statements) {
      const how = leaves(inner);
      if (how) return how;
    }
  return undefined;
}

function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  const look = (n: ts.Node) => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) found = true;
    else ts.forEachChild(n, look);
  };
  look(node);
  return found;
}

function within(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The variable a call's result is stored in (`const session = await getH5Session()`). */
function resultVariable(call: ts.CallExpression): string | undefined {
  let n: ts.Node = call;
  while (
    n.parent &&
    (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))
  )
    n = n.parent;
  return n.parent && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)
    ? n.parent.name.text
    : undefined;
}

function permissionOf(call: ts.CallExpression, where: GuardSpec["permission"]): string | undefined {
  if (where === "first argument") {
    const first = call.arguments[0];
    return first && ts.isStringLiteralLike(first) ? first.text : "(not a string literal)";
  }
  if (where === "permission property") {
    const object = call.arguments[0];
    if (!object || !ts.isObjectLiteralExpression(object)) return "(no options object)";
    const property = object.properties.find(
      (p): p is ts.PropertyAssignment =>
        ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "permission",
    );
    return property && ts.isStringLiteralLike(property.initializer)
      ? property.initializer.text
      : "(not a string literal)";
  }
  return undefined;
}

const isFunctionLike = (node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression =>
  ts.isArrowFunction(node) || ts.isFunctionExpression(node);

/**
 * Walks a function body in evaluation order: arguments before the call they are given to, the
 * callbacks a guard is given not at all (they run after it), the callbacks of any other call as if
 * they ran on the spot. Local functions are followed; one that holds a guard counts as that guard.
 */
function summarize(
  context: FileContext,
  fn: ts.FunctionLikeDeclaration,
  fits: (spec: GuardSpec) => boolean,
  stack: ReadonlySet<ts.Node> = new Set(),
): Summary {
  const summary: Summary = { refusalThrows: false, before: [], afterVerdict: [], unchecked: [] };
  // open: no guard yet; pending: a `checked` guard waits for its `if`; guarded: nothing after runs
  // for a refused caller; verdict: the guard returned a refusal as a value, the code goes on.
  let state: "open" | "pending" | "guarded" | "verdict" = "open";
  const pending: { variable?: string; call: ts.CallExpression; hit: Hit }[] = [];
  const inner = new Set([...stack, fn]);
  const line = (node: ts.Node) => context.source.getLineAndCharacterOfPosition(node.getStart()).line + 1;

  const sensitive = (name: string) => {
    if (state === "guarded") return;
    if (state === "verdict") summary.afterVerdict.push(name);
    else summary.before.push(name);
  };

  const settle = (hit: Hit, how: "throw" | "return" | undefined) => {
    summary.guard = hit;
    summary.refusalThrows = how === "throw";
    state = "guarded";
  };

  const recordGuard = (hit: Hit, call: ts.CallExpression) => {
    if (summary.guard) return;
    if (hit.spec.kind === "checked") {
      // Established by the `if` that acts on the verdict by leaving; the call may be its condition.
      const condition = enclosingIf(call);
      const how = condition && leaves(condition.thenStatement);
      if (how) return settle(hit, how);
      pending.push({ variable: resultVariable(call), call, hit });
      if (state === "open") state = "pending";
      return;
    }
    summary.guard = hit;
    summary.refusalThrows = hit.spec.kind === "throws";
    state = hit.spec.kind === "throws" ? "guarded" : "verdict";
  };

  const visitCall = (call: ts.CallExpression) => {
    const callee = unwrap(call.expression);
    const calleeName = ts.isIdentifier(callee) ? callee.text : undefined;
    const imported = calleeName !== undefined && context.imports.has(calleeName);
    const spec = calleeName && imported ? GUARDS[calleeName] : undefined;
    const isGuard = Boolean(spec && fits(spec));
    const local = calleeName && !imported ? context.functions.get(calleeName) : undefined;

    visit(call.expression);
    for (const argument of call.arguments) {
      const arg = unwrap(argument);
      if (isFunctionLike(arg)) {
        // A guard's (or local wrapper's) callbacks run after its check; anyone else's maybe now.
        if (!isGuard && !local && arg.body) visit(arg.body);
      } else if (ts.isObjectLiteralExpression(arg) && (isGuard || local)) {
        for (const property of arg.properties) {
          if (ts.isPropertyAssignment(property) && !isFunctionLike(unwrap(property.initializer)))
            visit(property.initializer);
          else if (ts.isSpreadAssignment(property)) visit(property.expression);
        }
      } else visit(argument);
    }

    if (spec && isGuard)
      return recordGuard(
        { name: calleeName!, spec, permission: permissionOf(call, spec.permission), line: line(call) },
        call,
      );
    if (local) {
      if (stack.has(local) || local === fn) return;
      const called = summarize(context, local, fits, inner);
      for (const name of called.before) sensitive(`${name} (in ${calleeName})`);
      summary.unchecked.push(...called.unchecked.map((u) => `${u} (in ${calleeName})`));
      if (called.guard && !summary.guard) {
        summary.guard = { ...called.guard, via: calleeName };
        summary.wrapper = local;
        summary.refusalThrows = called.refusalThrows;
        // A wrapper that throws on refusal stops the caller too; one that returns hands back a verdict.
        state = called.refusalThrows ? "guarded" : "verdict";
        summary.afterVerdict.push(...called.afterVerdict.map((n) => `${n} (in ${calleeName})`));
      } else if (!called.guard) {
        for (const name of called.afterVerdict) sensitive(`${name} (in ${calleeName})`);
      }
      return;
    }
    const name = isSensitive(context, call);
    if (name) sensitive(name);
  };

  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return;
    if (ts.isCallExpression(node)) return visitCall(node);
    if (ts.isIfStatement(node)) {
      visit(node.expression);
      if (state === "pending") {
        const settled = pending.find(
          (p) =>
            (p.variable ? mentions(node.expression, p.variable) : within(p.call, node.expression)) &&
            leaves(node.thenStatement),
        );
        if (settled) settle(settled.hit, leaves(node.thenStatement));
      }
      visit(node.thenStatement);
      if (node.elseStatement) visit(node.elseStatement);
      return;
    }
    ts.forEachChild(node, visit);
  };

  if (fn.body) visit(fn.body);
  if (!summary.guard && pending.length)
    summary.unchecked.push(
      ...pending.map((p) => `${p.hit.name} (line ${p.hit.line}) is never acted on by an if that leaves`),
    );
  // A function whose last word is a throw refuses by throwing, whatever its early returns hand back
  // (app/api/files: the staff member, else the H5 customer, else session_required).
  if (summary.guard && fn.body && ts.isBlock(fn.body)) {
    const last = fn.body.statements.at(-1);
    if (last && ts.isThrowStatement(last)) summary.refusalThrows = true;
  }
  return summary;
}

/** The if statement whose condition this call is part of. */
function enclosingIf(node: ts.Node): ts.IfStatement | undefined {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (ts.isIfStatement(n.parent) && n.parent.expression === n) return n.parent;
    if (ts.isStatement(n.parent) || ts.isBlock(n.parent)) return undefined;
  }
  return undefined;
}

function fitsOf(access: Access): (spec: GuardSpec) => boolean {
  const fit: Fit | undefined =
    access.who === "signed"
      ? `signed:${access.by}`
      : access.who === "public" || access.who === "redirect"
        ? undefined
        : access.who;
  return (spec) => fit !== undefined && spec.fits.includes(fit);
}

/** What an exported name stands for: the function that handles the request, or the guard wrapping it. */
function resolveExport(
  context: FileContext,
  node: ts.Node,
  fits: (spec: GuardSpec) => boolean,
): { fn?: ts.FunctionLikeDeclaration; wrapper?: Hit; problem?: string } {
  if (ts.isFunctionDeclaration(node)) return { fn: node };
  if (ts.isExportSpecifier(node)) {
    const local = (node.propertyName ?? node.name).text;
    const fn = context.functions.get(local);
    return fn ? { fn } : { problem: `exports ${local}, which is not a function of this file` };
  }
  if (ts.isExportAssignment(node)) return resolveExpression(context, node.expression, fits);
  if (ts.isVariableDeclaration(node) && node.initializer) return resolveExpression(context, node.initializer, fits);
  return { problem: "unrecognised export" };
}

function resolveExpression(
  context: FileContext,
  expression: ts.Expression,
  fits: (spec: GuardSpec) => boolean,
  depth = 0,
): { fn?: ts.FunctionLikeDeclaration; wrapper?: Hit; problem?: string } {
  if (depth > 5) return { problem: "export too deeply wrapped to follow" };
  const e = unwrap(expression);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { fn: e };
  if (ts.isIdentifier(e)) {
    const fn = context.functions.get(e.text);
    if (fn) return { fn };
    const value = context.values.get(e.text);
    return value
      ? resolveExpression(context, value, fits, depth + 1)
      : { problem: `${e.text} is not defined in this file` };
  }
  if (ts.isPropertyAccessExpression(e)) return resolveExpression(context, e.expression, fits, depth + 1);
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : undefined;
    const spec = name && context.imports.has(name) ? GUARDS[name] : undefined;
    if (spec?.wrapper && fits(spec))
      return {
        wrapper: { name: name!, spec, line: context.source.getLineAndCharacterOfPosition(e.getStart()).line + 1 },
      };
    // A wrapper that only times the handler (metrics): the handler is its last argument.
    if (name && HARMLESS_BEFORE_GUARD[name] && context.imports.has(name))
      return resolveExpression(context, e.arguments[e.arguments.length - 1]!, fits, depth + 1);
    // A local wrapper around something guarded (app/api/inngest: guarded(handlers.GET)): the
    // wrapped value decides, and the wrapper itself may do nothing sensitive.
    const local = name ? context.functions.get(name) : undefined;
    if (local) {
      const inner = e.arguments.map((a) => resolveExpression(context, a, fits, depth + 1)).find((r) => r.wrapper);
      const own = summarize(context, local, () => false);
      if (own.before.length) return { problem: `wrapper ${name} calls ${own.before.join(", ")} itself` };
      if (inner) return inner;
      return { problem: `${name}(…) wraps nothing recognised as a guard` };
    }
  }
  return { problem: `cannot follow ${e.getText(context.source).slice(0, 60)}` };
}

/** All identifiers an entry point reaches, following local functions and constants. */
function reaches(context: FileContext, node: ts.Node, name: string, seen = new Set<ts.Node>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  let found = false;
  const look = (n: ts.Node) => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      if (n.text === name) found = true;
      else {
        const local = context.functions.get(n.text) ?? context.values.get(n.text);
        if (local && !seen.has(local) && reaches(context, local, name, seen)) found = true;
      }
      return;
    }
    ts.forEachChild(n, look);
  };
  look(node);
  return found;
}

/** A function that calls one of its own parameters. */
function takesCallbacks(fn: ts.FunctionLikeDeclaration): boolean {
  const names = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  let found = false;
  const look = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && names.has(n.expression.text)) found = true;
    else ts.forEachChild(n, look);
  };
  if (fn.body) look(fn.body);
  return found;
}

export type GuardReport = { guard?: string; problems: string[] };

/** Checks one entry point against its map entry. `exportName` is the HTTP method, the action's name, or "default" for a page. */
export function checkEntryGuard({
  file,
  exportName,
  access,
}: {
  file: string;
  exportName: string;
  access: Access;
}): GuardReport {
  const context = contextOf(file);
  const node = exportsOf(context.source).get(exportName);
  if (!node) return { problems: [`${exportName} is not exported`] };
  const problems: string[] = [];

  if (access.who === "public") return { guard: "(public)", problems };
  if (access.who === "redirect") {
    const resolved = resolveExport(context, node, () => false);
    if (!resolved.fn?.body) return { problems: ["not a function"] };
    const calls: ts.CallExpression[] = [];
    const collect = (n: ts.Node) => {
      if (ts.isCallExpression(n)) calls.push(n);
      ts.forEachChild(n, collect);
    };
    collect(resolved.fn.body);
    const only = calls.length === 1 ? calls[0]! : undefined;
    if (
      !only ||
      !ts.isIdentifier(only.expression) ||
      only.expression.text !== "redirect" ||
      !ts.isStringLiteralLike(only.arguments[0]!) ||
      only.arguments[0].text !== access.to
    )
      problems.push(`should only redirect("${access.to}")`);
    return { guard: `redirect → ${access.to}`, problems };
  }

  const fits = fitsOf(access);
  const resolved = resolveExport(context, node, fits);
  if (resolved.problem) return { problems: [resolved.problem] };
  let hit = resolved.wrapper;
  if (resolved.fn) {
    const summary = summarize(context, resolved.fn, fits);
    hit = summary.guard;
    for (const name of summary.before) problems.push(`calls ${name} before its guard`);
    problems.push(...summary.unchecked);
    const reviewed = REVIEWED_AFTER_VERDICT[`${file}#${exportName}`] ?? {};
    for (const name of summary.afterVerdict)
      if (!reviewed[name])
        problems.push(
          `calls ${name} after ${hit?.name}, which returns a refusal rather than throwing: it must not act unless the guard passed (review it in REVIEWED_AFTER_VERDICT)`,
        );
    if ((access.who === "h5" && access.scope !== "session") || access.who === "staff_or_h5") {
      // Not counting a local wrapper that holds the guard and runs callbacks it is given
      // (runCustomerAction): each entry must pass the scope check itself.
      const skip = summary.wrapper && takesCallbacks(summary.wrapper) ? [summary.wrapper] : [];
      if (!reaches(context, resolved.fn, "principal", new Set(skip)))
        problems.push("never uses the H5 session's principal: the session's scope (its orders) is not applied");
    }
  }
  if (!hit) return { problems: [...problems, `no guard for ${describe(access)}`] };
  if ("permission" in access && hit.spec.permission && hit.permission !== access.permission)
    problems.push(`${hit.name} checks ${hit.permission}, the map says ${access.permission}`);
  if (access.who === "staff" && !hit.spec.permission) problems.push(`${hit.name} checks no permission`);
  return {
    guard: `${hit.via ? `${hit.via} → ` : ""}${hit.name}${hit.permission ? `(${hit.permission})` : ""}`,
    problems,
  };
}

function describe(access: Access): string {
  return access.who === "signed"
    ? `signed:${access.by}`
    : access.who === "staff"
      ? `staff:${access.permission}`
      : access.who;
}
