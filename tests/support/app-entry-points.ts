import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { HTTP_METHODS, type HttpMethod } from "./access-map";

/**
 * The app's entry points as they are on disk, found by reading the code (TypeScript's parser, not
 * regexes): route handlers and their exported methods, server actions (every export of a
 * "use server" file) and pages.
 */
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Every file under `dir` (app/ or pages/), as a repository-relative path with forward slashes. */
function filesUnder(dir: string): string[] {
  return walk(join(REPO_ROOT, dir))
    .map((file) => relative(REPO_ROOT, file).split("\\").join("/"))
    .sort();
}
const appFiles = () => filesUnder("app");

const parsed = new Map<string, ts.SourceFile>();

/** For the checks' own tests: code to read under a file name, instead of the file. */
export function withSourceText(file: string, text: string): void {
  parsed.set(
    file,
    ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    ),
  );
}

export function sourceOf(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(
      file,
      readFileSync(join(REPO_ROOT, file), "utf8"),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    parsed.set(file, source);
  }
  return source;
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** Names a module exports (functions, consts, `export { a as b }`), with the node that defines each. */
export function exportsOf(source: ts.SourceFile): Map<string, ts.Node> {
  const found = new Map<string, ts.Node>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement)) {
      found.set(isDefault(statement) ? "default" : statement.name!.text, statement);
    } else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) found.set(declaration.name.text, declaration);
        // export const { GET, POST } = serve(...)
        else if (ts.isObjectBindingPattern(declaration.name))
          for (const element of declaration.name.elements) found.set((element.name as ts.Identifier).text, declaration);
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) found.set(element.name.text, element);
    } else if (ts.isExportAssignment(statement)) {
      found.set("default", statement);
    }
  }
  return found;
}

/** A file whose first statement is the "use server" directive: every export is a server action. */
function isServerActionFile(source: ts.SourceFile): boolean {
  const first = source.statements[0];
  return Boolean(
    first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use server",
  );
}

/**
 * A Pages Router API route's methods: the `method: "POST"` its default export declares
 * (lib/api/node-route.ts answers any other with 405). One without it fails here: a handler of every
 * method must not slip past the map.
 */
function pagesApiMethods(file: string): HttpMethod[] {
  const found = new Set<HttpMethod>();
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === "method" &&
      ts.isStringLiteralLike(node.initializer) &&
      (HTTP_METHODS as readonly string[]).includes(node.initializer.text)
    )
      found.add(node.initializer.text as HttpMethod);
    ts.forEachChild(node, visit);
  };
  const exported = exportsOf(sourceOf(file)).get("default");
  if (exported) visit(exported);
  if (found.size === 0)
    throw new Error(`${file}: a pages/api route must declare its method (shopNodeRoute({ method }))`);
  return [...found].sort();
}

/** Route handlers: app/**\/route.ts by their exported methods, and pages/api/** (intake) by the method each declares. */
export function routeFiles(): { file: string; methods: HttpMethod[] }[] {
  const app = appFiles()
    .filter((file) => /(^|\/)route\.tsx?$/.test(file))
    .map((file) => ({
      file,
      methods: [...exportsOf(sourceOf(file)).keys()]
        .filter((name): name is HttpMethod => (HTTP_METHODS as readonly string[]).includes(name))
        .sort(),
    }));
  const pages = filesUnder("pages")
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => {
      if (!file.startsWith("pages/api/")) throw new Error(`${file}: pages/ holds API routes only`);
      return { file, methods: pagesApiMethods(file) };
    });
  return [...app, ...pages].sort((a, b) => a.file.localeCompare(b.file));
}

/** Every exported name of every "use server" module under app/ (actions.ts by convention, but any file counts). */
export function actionFiles(): { file: string; exports: string[] }[] {
  return appFiles()
    .filter((file) => /\.tsx?$/.test(file) && isServerActionFile(sourceOf(file)))
    .map((file) => ({ file, exports: [...exportsOf(sourceOf(file)).keys()].sort() }));
}

export function pageFiles(): string[] {
  return appFiles().filter((file) => /(^|\/)page\.(tsx|ts|jsx|js|mdx)$/.test(file));
}
