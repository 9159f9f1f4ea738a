import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Services and the layers below them know no HTTP: they throw DomainError (lib/services/errors.ts),
    // which lib/api maps to a status. The request schemas (zod) are validation and stay usable.
    files: ["lib/services/**", "lib/store/**", "lib/jobs/**", "lib/kube/**", "lib/materialize/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/lib/api(?!/schemas/)(/|$)",
              message: "Services, store, jobs, kube and materialize do not know HTTP: throw DomainError from @/lib/services/errors.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "bin/**", "dist/**", "next-env.d.ts"]),
]);
