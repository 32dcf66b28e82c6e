/**
 * The part of Inngest's CEL expressions our functions write: trigger filters
 * (`event.data.function_id == 'kesu-x'`), `match` (`event.data.id == async.data.id`), and `if`
 * with comparisons joined by `&&` / `||` / `!`. Parsed once at sync time, so an expression the
 * engine cannot evaluate refuses the function loudly instead of matching nothing later.
 */
export type Expression =
  | { kind: "path"; root: string; path: string[] }
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "not"; operand: Expression }
  | { kind: "binary"; op: "==" | "!=" | ">" | ">=" | "<" | "<=" | "&&" | "||"; left: Expression; right: Expression };

export class ExpressionError extends Error {}

const TOKEN =
  /\s*(?:(==|!=|>=|<=|&&|\|\||[<>!()])|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(source);
    if (!match) throw new ExpressionError(`unsupported syntax at "${source.slice(index).trim().slice(0, 20)}"`);
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

const ROOTS = new Set(["event", "async"]);

/** Parses an expression; throws ExpressionError naming what it does not support. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  const primary = (): Expression => {
    const token = next();
    if (token === undefined) throw new ExpressionError("unexpected end");
    if (token === "(") {
      const inner = or();
      if (next() !== ")") throw new ExpressionError("missing )");
      return inner;
    }
    if (token === "!") return { kind: "not", operand: primary() };
    if (token.startsWith("'") || token.startsWith('"'))
      return { kind: "literal", value: token.slice(1, -1).replace(/\\(.)/g, "$1") };
    if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
    if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
    if (token === "null") return { kind: "literal", value: null };
    const [root, ...path] = token.split(".");
    if (!ROOTS.has(root) || path.length === 0 || peek() === "(")
      throw new ExpressionError(`unsupported identifier "${token}"`);
    return { kind: "path", root, path };
  };
  const comparison = (): Expression => {
    const left = primary();
    const op = peek();
    if (op === "==" || op === "!=" || op === ">" || op === ">=" || op === "<" || op === "<=") {
      next();
      return { kind: "binary", op, left, right: primary() };
    }
    return left;
  };
  const and = (): Expression => {
    let left = comparison();
    while (peek() === "&&") {
      next();
      left = { kind: "binary", op: "&&", left, right: comparison() };
    }
    return left;
  };
  const or = (): Expression => {
    let left = and();
    while (peek() === "||") {
      next();
      left = { kind: "binary", op: "||", left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (position !== tokens.length) throw new ExpressionError(`unexpected "${tokens[position]}"`);
  return tree;
}

type Scope = Record<string, unknown>;

function resolve(scope: Scope, root: string, path: string[]): unknown {
  let value: unknown = scope[root];
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function value(expression: Expression, scope: Scope): unknown {
  switch (expression.kind) {
    case "literal":
      return expression.value;
    case "path":
      return resolve(scope, expression.root, expression.path);
    case "not":
      return !truthy(value(expression.operand, scope));
    case "binary": {
      if (expression.op === "&&")
        return truthy(value(expression.left, scope)) && truthy(value(expression.right, scope));
      if (expression.op === "||")
        return truthy(value(expression.left, scope)) || truthy(value(expression.right, scope));
      const left = value(expression.left, scope);
      const right = value(expression.right, scope);
      if (expression.op === "==") return left !== undefined && left === right;
      if (expression.op === "!=") return left !== right;
      // Ordering compares numbers with numbers and strings with strings; anything else is false (CEL errors there).
      if (!(
        (typeof left === "number" && typeof right === "number") ||
        (typeof left === "string" && typeof right === "string")
      ))
        return false;
      if (expression.op === ">") return left > right;
      if (expression.op === ">=") return left >= right;
      if (expression.op === "<") return left < right;
      return left <= right;
    }
  }
}

function truthy(v: unknown): boolean {
  return v === true;
}

export function evaluate(expression: Expression, scope: Scope): boolean {
  return truthy(value(expression, scope));
}

/**
 * Equalities that must hold for the whole expression to hold (conjuncts of the top-level `&&`)
 * between a path under `stored` and a path under `incoming`: they become a containment query
 * over stored runs, so matching an event does not read every open run.
 */
export function equalityLinks(
  expression: Expression,
  stored: string,
  incoming: string,
): { storedPath: string[]; incomingPath: string[] }[] {
  if (expression.kind === "binary" && expression.op === "&&")
    return [...equalityLinks(expression.left, stored, incoming), ...equalityLinks(expression.right, stored, incoming)];
  if (
    expression.kind !== "binary" ||
    expression.op !== "==" ||
    expression.left.kind !== "path" ||
    expression.right.kind !== "path"
  )
    return [];
  const { left, right } = expression;
  if (left.root === stored && right.root === incoming) return [{ storedPath: left.path, incomingPath: right.path }];
  if (left.root === incoming && right.root === stored) return [{ storedPath: right.path, incomingPath: left.path }];
  return [];
}

/** The value at `path` inside `object`, for building containment filters. */
export function valueAt(object: unknown, path: string[]): unknown {
  return resolve({ root: object }, "root", path);
}
