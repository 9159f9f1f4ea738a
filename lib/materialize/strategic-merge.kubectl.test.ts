/**
 * Differential tests against kubectl (1.32 here). Runs in CI (kubectl is on the machine image):
 * with CI=true a missing kubectl fails the test. Without kubectl the tables still check this
 * library's side.
 *
 * - Generated (base, strategic patch) pairs, each applied by this library and by
 *   `kubectl patch --local --type strategic`; the results must be equal as objects.
 * - YAML as Kubernetes reads it: tables `{ description, input, expected }` where `expected` is
 *   what kubectl reads from `input` (checked against kubectl, `kubectl patch --local` with an
 *   empty patch: it reads a file as `kubectl apply` and `kubectl create` do, without a cluster),
 *   then the string fields where this library keeps the text and kubectl does not (the API
 *   server refuses what kubectl sends there), and the writer's round trip through both readers.
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { toJson } from "./json-write";
import { isMap, jsonEqual, type JsonMap } from "./json-value";
import { strategicMergePatch } from "./strategic-merge";
import { generateCases } from "./testing/generate-cases";
import { kubectlAvailable, kubectlPatchTexts, kubectlRead, kubectlStrategicMerge, type OracleResult } from "./testing/kubectl";
import { parseDocument } from "./yaml-documents";
import { toYaml } from "./yaml-write";

const CASES = Number(process.env.DM_DIFF_CASES ?? 320);
const available = kubectlAvailable();
const inCi = process.env.CI === "true";

describe("strategic merge matches kubectl", () => {
  it.runIf(inCi && !available)("needs kubectl in CI", () => {
    expect.fail("kubectl is not on PATH (set KUBECTL to its path); the differential test cannot run");
  });

  it.runIf(available)(
    `${CASES} generated cases`,
    async () => {
      const cases = generateCases(CASES, 20240601);
      const oracle = await kubectlStrategicMerge(cases);
      const failures: string[] = [];
      cases.forEach((c, i) => {
        const expected = oracle[i];
        let actual: unknown;
        let error: string | undefined;
        try {
          actual = strategicMergePatch(c.base, c.patch);
        } catch (err) {
          error = String(err);
        }
        const same = expected?.ok ? error === undefined && jsonEqual(actual, expected.object) : error !== undefined;
        if (!same) {
          failures.push(
            [
              c.description,
              `base:\n${jsYaml.dump(c.base)}`,
              `patch:\n${jsYaml.dump(c.patch)}`,
              `expected (kubectl):\n${expected?.ok ? jsYaml.dump(expected.object) : expected?.error}`,
              `actual:\n${error ?? jsYaml.dump(actual)}`,
            ].join("\n"),
          );
        }
      });
      expect(failures.slice(0, 3).join("\n----\n"), `${failures.length} of ${CASES} cases differ`).toBe("");
      expect(failures).toHaveLength(0);
    },
    180_000,
  );
});

/** kubectl refuses the document (and so does this library's reader). */
const REFUSED = Symbol("refused");
type Expected = unknown;

interface ScalarCase {
  description: string;
  /** A plain scalar as written in the manifest. */
  input: string;
  /** What kubectl reads, and this library too. */
  expected: Expected;
}

/** Values of a custom resource's spec: no string fields there, every rule of yaml11-scalars.ts applies. */
const VALUES: ScalarCase[] = [
  { description: "octal with a leading 0 (defaultMode: 0644)", input: "0644", expected: 420 },
  { description: "octal (runAsUser: 0777)", input: "0777", expected: 511 },
  { description: "octal (replicas: 010)", input: "010", expected: 8 },
  { description: "octal 0o (YAML 1.2's form, Go's too)", input: "0o644", expected: 420 },
  { description: "octal 0O", input: "0O644", expected: 420 },
  { description: "negative octal", input: "-0644", expected: -420 },
  { description: "signed octal", input: "+0644", expected: 420 },
  { description: "octal with _", input: "0_644", expected: 420 },
  { description: "00", input: "00", expected: 0 },
  { description: "a leading 0 before 8: a float", input: "08", expected: 8 },
  { description: "a leading 0 before a point: a float", input: "09.5", expected: 9.5 },
  { description: "hex", input: "0x1F", expected: 31 },
  { description: "hex 0X", input: "0X1F", expected: 31 },
  { description: "negative hex", input: "-0x1F", expected: -31 },
  { description: "hex with _", input: "0x_1F", expected: 31 },
  { description: "0x without digits: a string", input: "0x", expected: "0x" },
  { description: "binary", input: "0b101", expected: 5 },
  { description: "binary 0B", input: "0B101", expected: 5 },
  { description: "negative binary", input: "-0b101", expected: -5 },
  { description: "0b without digits: a string", input: "0b", expected: "0b" },
  { description: "underscores dropped (1_000)", input: "1_000", expected: 1000 },
  { description: "underscores anywhere after the first character", input: "1__0", expected: 10 },
  { description: "a trailing underscore", input: "1_", expected: 1 },
  { description: "an underscore after the sign", input: "-_1", expected: -1 },
  { description: "a leading underscore: a string", input: "_1", expected: "_1" },
  { description: "a float with underscores", input: "1_000.5", expected: 1000.5 },
  { description: "a float from a point, underscores between digits", input: ".5_0", expected: 0.5 },
  { description: "a float from a point, underscore first: a string", input: "._5", expected: "._5" },
  { description: "no sexagesimal (1:20 is a string)", input: "1:20", expected: "1:20" },
  { description: "no sexagesimal (190:20:30)", input: "190:20:30", expected: "190:20:30" },
  { description: "an exponent without a point", input: "1e3", expected: 1000 },
  { description: "an exponent in capitals with a sign", input: "1.5E+3", expected: 1500 },
  { description: "a point at the end", input: "5.", expected: 5 },
  { description: "a point at the start", input: ".5", expected: 0.5 },
  { description: "a signed point", input: "+.5", expected: 0.5 },
  { description: "-0.0 is 0", input: "-0.0", expected: 0 },
  { description: "a float that overflows: a string", input: "1e400", expected: "1e400" },
  { description: "a float that underflows: 0", input: "1e-400", expected: 0 },
  { description: ".inf is refused (JSON has no infinity)", input: ".inf", expected: REFUSED },
  { description: "-.Inf is refused", input: "-.Inf", expected: REFUSED },
  { description: "+.INF is refused", input: "+.INF", expected: REFUSED },
  { description: ".nan is refused", input: ".nan", expected: REFUSED },
  { description: "Infinity is a string", input: "Infinity", expected: "Infinity" },
  { description: "NaN is a string", input: "NaN", expected: "NaN" },
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"].map((input) => ({ description: `${input} is true`, input, expected: true })),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"].map((input) => ({ description: `${input} is false`, input, expected: false })),
  ...["yEs", "tRUE", "oN", "fAlse"].map((input) => ({ description: `${input} (mixed case) is a string`, input, expected: input })),
  ...["~", "null", "Null", "NULL", ""].map((input) => ({ description: `${JSON.stringify(input)} is null`, input, expected: null })),
  { description: "nUll is a string", input: "nUll", expected: "nUll" },
  { description: "int64's largest, exact", input: "9223372036854775807", expected: 9223372036854775807n },
  { description: "int64's smallest, exact", input: "-9223372036854775808", expected: -9223372036854775808n },
  { description: "2^53 + 1, exact", input: "9007199254740993", expected: 9007199254740993n },
  { description: "int64's largest in hex, exact", input: "0x7FFFFFFFFFFFFFFF", expected: 9223372036854775807n },
  { description: "past int64: a float", input: "9223372036854775808", expected: 9223372036854775808 },
  { description: "uint64's largest: a float", input: "18446744073709551615", expected: 18446744073709551615 },
  { description: "a date stays a string", input: "2024-01-01", expected: "2024-01-01" },
  { description: "a timestamp stays a string", input: "2024-01-01T10:00:00Z", expected: "2024-01-01T10:00:00Z" },
  { description: "a hex float is a string", input: "0x1p3", expected: "0x1p3" },
  { description: "a version is a string", input: "1.1.1", expected: "1.1.1" },
];

/** Keys of a custom resource's spec: resolved as values, then made JSON keys as sigs.k8s.io/yaml does. */
const KEYS: ScalarCase[] = [
  { description: "an octal key is its decimal", input: "0644", expected: "420" },
  { description: "a yes key is true", input: "yes", expected: "true" },
  { description: "a y key is true (x: 1, y: 2 in a custom resource)", input: "y", expected: "true" },
  { description: "a quoted key is its text", input: "'yes'", expected: "yes" },
  { description: "a float key in Go's %g", input: "1e3", expected: "1000" },
  { description: "a float key with float32 precision", input: "123456789.125", expected: "1.2345679e+08" },
  { description: "a small float key in exponent form", input: "0.000001", expected: "1e-06" },
  { description: "an infinite key", input: ".inf", expected: ".inf" },
  { description: "a float key past float32: infinite", input: "1e39", expected: ".inf" },
  { description: "an int64 key, exact", input: "9223372036854775807", expected: "9223372036854775807" },
  { description: "a sexagesimal-looking key is its text", input: "1:20", expected: "1:20" },
  { description: "a null key is refused", input: "~", expected: REFUSED },
  { description: "a key past int64 is refused", input: "18446744073709551615", expected: REFUSED },
];

const probe = (spec: string) => `apiVersion: example.com/v1\nkind: Probe\nmetadata:\n  name: probe\nspec:\n${spec}`;
/** The same document with a block scalar the fast reader leaves to js-yaml: both readers are checked. */
const slowProbe = (spec: string) => `${probe(spec)}  notes: |\n    read by js-yaml\n`;

function ours(text: string): OracleResult {
  try {
    return { ok: true, object: parseDocument(text) };
  } catch (err) {
    if (!(err instanceof MaterializeError)) throw err;
    return { ok: false, error: err.message };
  }
}

function specOf(result: OracleResult): JsonMap | typeof REFUSED {
  if (!result.ok) return REFUSED;
  const spec = (result.object as JsonMap).spec as JsonMap;
  const { notes: _notes, ...rest } = spec;
  return rest;
}

function show(value: unknown): string {
  return value === REFUSED ? "refused" : toJson(value);
}

const valueOf = (spec: JsonMap | typeof REFUSED) => (spec === REFUSED ? REFUSED : spec.value);
const keyOf = (spec: JsonMap | typeof REFUSED) => (spec === REFUSED ? REFUSED : Object.keys(spec)[0]);

describe("YAML scalars as kubectl reads them", () => {
  const tables = [
    { name: "values", cases: VALUES, text: (c: ScalarCase) => `  value: ${c.input}\n`, read: valueOf },
    { name: "keys", cases: KEYS, text: (c: ScalarCase) => `  ${c.input}: key\n`, read: keyOf },
  ];

  describe.each(tables)("$name", ({ cases, text, read }) => {
    it.each(cases)("$description: $input", ({ input, expected }) => {
      const spec = text({ description: "", input, expected });
      for (const document of [probe(spec), slowProbe(spec)]) {
        expect(show(read(specOf(ours(document)))), document).toBe(show(expected));
      }
    });

    it.runIf(available)(
      "kubectl reads each input as expected",
      async () => {
        const oracle = await kubectlRead(cases.map((c) => probe(text(c))));
        const wrong = cases
          .map((c, i) => ({ c, got: read(specOf(oracle[i] as OracleResult)) }))
          .filter(({ c, got }) => show(got) !== show(c.expected))
          .map(({ c, got }) => `${c.description}: ${c.input} → kubectl ${show(got)}, table ${show(c.expected)}`);
        expect(wrong).toEqual([]);
      },
      60_000,
    );
  });
});

interface DocumentCase {
  description: string;
  input: string;
  /** What this library reads. */
  expected: unknown;
  /** What kubectl reads (and sends, for the API server to refuse) where that differs, or REFUSED. */
  kubectl?: unknown;
}

/** String fields keep their text (yaml-string-fields.ts); the fields around them are read as kubectl reads them. */
const STRING_FIELDS: DocumentCase[] = [
  {
    description: "ConfigMap data values and keys",
    input: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DEBUG: n\n  LOG_LEVEL: 010\n  RATIO: 1_000\n  yes: on\n  EMPTY: ~\n",
    expected: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app" }, data: { DEBUG: "n", LOG_LEVEL: "010", RATIO: "1_000", yes: "on", EMPTY: null } },
    kubectl: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app" }, data: { DEBUG: false, LOG_LEVEL: 8, RATIO: 1000, true: true, EMPTY: null } },
  },
  {
    description: "Secret stringData and data, with the kind after the data",
    input: "apiVersion: v1\nstringData:\n  PIN: 0007\n  ENABLED: yes\ndata:\n  N: 1234\nkind: Secret\nmetadata:\n  name: s\n",
    expected: { apiVersion: "v1", stringData: { PIN: "0007", ENABLED: "yes" }, data: { N: "1234" }, kind: "Secret", metadata: { name: "s" } },
    kubectl: { apiVersion: "v1", stringData: { PIN: 7, ENABLED: true }, data: { false: 1234 }, kind: "Secret", metadata: { name: "s" } },
  },
  {
    description: "labels and annotations of any kind, null kept",
    input: "apiVersion: example.com/v1\nkind: Probe\nmetadata:\n  name: p\n  labels:\n    enabled: yes\n    on: 0644\n  annotations:\n    limit: 1_000\n    gone: null\nspec:\n  enabled: yes\n",
    expected: { apiVersion: "example.com/v1", kind: "Probe", metadata: { name: "p", labels: { enabled: "yes", on: "0644" }, annotations: { limit: "1_000", gone: null } }, spec: { enabled: true } },
    // kubectl itself refuses it: "cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string".
    kubectl: REFUSED,
  },
  {
    description: "a Deployment's container: env value, args, command, image, name; replicas and readOnly typed",
    input: [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: web",
      "spec:",
      "  replicas: 010",
      "  selector:",
      "    matchLabels:",
      "      canary: no",
      "  template:",
      "    spec:",
      "      securityContext:",
      "        runAsUser: 0777",
      "      containers:",
      "      - name: 0644",
      "        image: 1.25",
      "        command: [run, yes]",
      "        args:",
      "        - --level",
      "        - 010",
      "        env:",
      "        - name: DEBUG",
      "          value: on",
      "        volumeMounts:",
      "        - name: v",
      "          mountPath: /x",
      "          readOnly: yes",
      "",
    ].join("\n"),
    expected: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 8,
        selector: { matchLabels: { canary: "no" } },
        template: {
          spec: {
            securityContext: { runAsUser: 511 },
            containers: [{ name: "0644", image: "1.25", command: ["run", "yes"], args: ["--level", "010"], env: [{ name: "DEBUG", value: "on" }], volumeMounts: [{ name: "v", mountPath: "/x", readOnly: true }] }],
          },
        },
      },
    },
    kubectl: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 8,
        selector: { matchLabels: { canary: false } },
        template: {
          spec: {
            securityContext: { runAsUser: 511 },
            containers: [{ name: 420, image: 1.25, command: ["run", true], args: ["--level", 8], env: [{ name: "DEBUG", value: true }], volumeMounts: [{ name: "v", mountPath: "/x", readOnly: true }] }],
          },
        },
      },
    },
  },
  {
    description: "a CronJob's pod template",
    input: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            args: [0x10]\n",
    expected: { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", args: ["0x10"] }] } } } } } },
    kubectl: { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", args: [16] }] } } } } } },
  },
  {
    description: "a custom resource's spec has no string fields: read as kubectl reads it",
    input: "apiVersion: example.com/v1\nkind: Probe\nmetadata:\n  name: p\nspec:\n  data:\n    DEBUG: n\n",
    expected: { apiVersion: "example.com/v1", kind: "Probe", metadata: { name: "p" }, spec: { data: { DEBUG: false } } },
  },
];

interface PatchCase {
  description: string;
  base: string;
  patch: string;
  /** What this library makes of it. */
  expected: unknown;
  /** What kubectl makes of it where that differs, or REFUSED. */
  kubectl?: unknown;
}

const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  labels:\n    tier: web\ndata:\n  DEBUG: 'false'\n";
const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app:1\n";

/** Patch bodies name no kind: the rules of every kind together apply (a caller that knows the target's kind passes `kindHint`). */
const PATCHES: PatchCase[] = [
  {
    description: "a patch's octal replicas",
    base: DEPLOYMENT,
    patch: "spec:\n  replicas: 010\n",
    expected: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 8, template: { spec: { containers: [{ name: "app", image: "app:1" }] } } } },
  },
  {
    description: "a patch's container args keep their text",
    base: DEPLOYMENT,
    patch: "spec:\n  template:\n    spec:\n      containers:\n      - name: app\n        args: [yes, 010]\n",
    expected: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "app:1", args: ["yes", "010"] }] } } } },
    kubectl: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "app:1", args: [true, 8] }] } } } },
  },
  {
    description: "a patch's ConfigMap data keeps its text, a null label deletes",
    base: CONFIG_MAP,
    patch: "metadata:\n  labels:\n    tier: null\ndata:\n  DEBUG: n\n",
    expected: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", labels: {} }, data: { DEBUG: "n" } },
    kubectl: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", labels: {} }, data: { DEBUG: false } },
  },
  {
    description: "an integer beyond 2^53 through a strategic merge, exact",
    base: DEPLOYMENT,
    patch: "spec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 9223372036854775807\n",
    expected: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 1, template: { spec: { securityContext: { runAsUser: 9223372036854775807n }, containers: [{ name: "app", image: "app:1" }] } } },
    },
  },
];

function normalizedJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
    return v;
  };
  return toJson(sorted(value), 2);
}

/** kubectl made of each case what the case says: its `kubectl` where that differs from this library's `expected`, REFUSED where it refuses. */
function expectOracle(cases: { description: string; expected: unknown; kubectl?: unknown }[], oracle: OracleResult[]): void {
  cases.forEach((c, i) => {
    const result = oracle[i] as OracleResult;
    expect(result.ok, c.description).toBe(c.kubectl !== REFUSED);
    if (result.ok) expect(normalizedJson(result.object), c.description).toBe(normalizedJson(c.kubectl ?? c.expected));
  });
}

describe("string fields keep their text (kubectl sends what the API server refuses)", () => {
  it.each(STRING_FIELDS)("$description", ({ input, expected }) => {
    expect(normalizedJson(parseDocument(input))).toBe(normalizedJson(expected));
    expect(normalizedJson(parseDocument(input.replace("metadata:\n", "notes: |\n  read by js-yaml\nmetadata:\n")))).toBe(normalizedJson({ ...(expected as JsonMap), notes: "read by js-yaml\n" }));
  });

  it.runIf(available)(
    "kubectl reads the same documents as the table says",
    async () => {
      expectOracle(STRING_FIELDS, await kubectlRead(STRING_FIELDS.map((c) => c.input)));
    },
    60_000,
  );
});

describe("patches read as Kubernetes reads them", () => {
  it.each(PATCHES)("$description", ({ base, patch, expected }) => {
    expect(normalizedJson(strategicMergePatch(parseDocument(base), parseDocument(patch)))).toBe(normalizedJson(expected));
  });

  it.runIf(available)(
    "kubectl patches to the same objects as the table says",
    async () => {
      expectOracle(PATCHES, await kubectlPatchTexts(PATCHES.map(({ base, patch }) => ({ base, patch }))));
    },
    60_000,
  );

  it("a kind hint gives a patch its target kind's string fields only", () => {
    const patch = "data:\n  DEBUG: n\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        args: [yes]\n";
    expect(normalizedJson(parseDocument(patch, 0, 1, undefined, { kindHint: "Deployment" }))).toBe(
      normalizedJson({ data: { DEBUG: false }, spec: { template: { spec: { containers: [{ name: "app", args: ["yes"] }] } } } }),
    );
    expect(normalizedJson(parseDocument(patch, 0, 1, undefined, { kindHint: "ConfigMap" }))).toBe(
      normalizedJson({ data: { DEBUG: "n" }, spec: { template: { spec: { containers: [{ name: "app", args: [true] }] } } } }),
    );
  });
});

/** Strings a YAML 1.1 or 1.2 reader could take for another type: toYaml must quote every one. */
const AMBIGUOUS = [
  ...VALUES.map((c) => c.input),
  ...KEYS.map((c) => c.input),
  "<<", "=", "0x_", "0b_", "e0", ".", "1:20:30.5", "2024-01-01 10:00:00", "-.inf", "+.5", "0.", "0e0",
].filter((s, i, all) => all.indexOf(s) === i);

describe("the writer's strings read back as themselves", () => {
  const document = (s: string) => toYaml({ apiVersion: "example.com/v1", kind: "Probe", metadata: { name: "probe" }, spec: { value: s, keys: { [s]: "key" } } });
  const read = (result: OracleResult) => {
    const spec = result.ok ? ((result.object as JsonMap).spec as JsonMap) : undefined;
    return spec === undefined ? undefined : { value: spec.value, keys: Object.keys(spec.keys as JsonMap) };
  };

  it.each(AMBIGUOUS)("%j by this library's reader", (s) => {
    expect(read(ours(document(s)))).toEqual({ value: s, keys: [s] });
  });

  it.runIf(available)(
    "by kubectl",
    async () => {
      const oracle = await kubectlRead(AMBIGUOUS.map(document));
      const wrong = AMBIGUOUS.filter((s, i) => !jsonEqual(read(oracle[i] as OracleResult), { value: s, keys: [s] }));
      expect(wrong.map((s) => `${JSON.stringify(s)} written as:\n${document(s)}`)).toEqual([]);
    },
    60_000,
  );
});
