// ESLint flat config. `npm run lint` runs it with --max-warnings 0, so a warning fails as surely as an error.
// Next's preset registers the React hooks plugin (with its React Compiler rules) and typescript-eslint's parser;
// we add typescript-eslint's recommended rules and the import arrows of the layout (see ../shared/STYLE.md:
// page/route → lib → lib/db; inngest → lib; lib never reaches up into app or components).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Import specifiers are written both relative ("../../lib/db") and through tsconfig's "@/*" alias ("@/lib/db").
// Each top-level folder sits at the root, so a relative path to it is "../" repeated, then the folder name.
const toRoot = (path) => `^(@/|(\\.\\./)+)${path}(/|$)`;

const restrict = (rules) => ({
  patterns: rules.map(([path, message]) => ({ regex: toRoot(path), message })),
});

const TOOLING = [
  ["tools", "Runtime code must not import tooling (tools/ holds CLI helpers and scripts' support code)."],
  ["scripts", "Runtime code must not import scripts/ (they are entry points, not libraries)."],
];

const config = [
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "public/**",
      ".data/**",
      ".data-*/**",
      // Local, gitignored experiments.
      ".scratch/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  // What eslint-config-next/typescript wraps, minus its downgrade of two rules to warnings.
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // An unused variable is a bug or dead code; `_`-prefixed names opt out (destructuring rest, positional args).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: ":matches(TSAsExpression, TSTypeAssertion)[typeAnnotation.type='TSNeverKeyword']",
          message: "`as never` silences the type checker; type the value properly (or narrow with a type guard).",
        },
      ],
    },
  },
  // React Compiler rules (every react-hooks rule but the two classic ones) run the compiler on each file: about
  // two thirds of lint time. Only app/ and components/ hold React components and hooks, so run them only there.
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["app/**", "components/**"],
    rules: Object.fromEntries(
      Object.keys(reactHooks.configs.recommended.rules)
        .filter((rule) => !["react-hooks/rules-of-hooks", "react-hooks/exhaustive-deps"].includes(rule))
        .map((rule) => [rule, "off"]),
    ),
  },
  // The arrows. no-restricted-imports covers `import`, `import type` and `export … from`.
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        restrict([
          ["app", "lib/ must not import app/: pass what it needs in as arguments."],
          ["components", "lib/ must not import components/: UI depends on lib, never the reverse."],
          ["inngest", "lib/ must not import inngest/: functions orchestrate lib, never the reverse."],
          ["pages", "lib/ must not import pages/: pass what it needs in as arguments."],
          ...TOOLING,
        ]),
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        restrict([
          ["lib/db", "components/ never touch the database: load data in the page or a lib/ function."],
          ["lib/db-client", "components/ never touch the database: load data in the page or a lib/ function."],
          [
            "lib/generated/prisma/client",
            "components/ never touch the database client: its enums are in lib/complaints/vocabulary.",
          ],
          ["app", "components/ must not import app/: the page passes data and server actions in as props."],
          ["pages", "components/ must not import pages/: it holds API routes only."],
          ...TOOLING,
        ]),
      ],
    },
  },
  {
    files: ["inngest/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        restrict([
          ["app", "Inngest functions call lib/, never app/."],
          ["pages", "Inngest functions call lib/, never pages/."],
          ...TOOLING,
        ]),
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        restrict([["pages", "app/ must not import pages/: share through lib/."], ...TOOLING]),
      ],
    },
  },
  // pages/ holds one API route (intake, lib/api/node-route.ts says why): lib/ only.
  {
    files: ["pages/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        restrict([
          ["app", "pages/ must not import app/: share through lib/."],
          ["components", "pages/ holds API routes only: no components."],
          ...TOOLING,
        ]),
      ],
    },
  },
  // The root modules Next loads at run time.
  {
    files: ["proxy.ts", "instrumentation.ts", "next.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: TOOLING.map(([path, message]) => ({ regex: `^(@/|\\./)${path}(/|$)`, message })) },
      ],
    },
  },
];

export default config;
