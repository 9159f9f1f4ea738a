/** Tables for provenance by line: each row is a config line, its source and whether it is structural. */
import { describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { provenanceByLine } from "./line-provenance";
import { materialize, type PatchRecord } from "./materialize";
import { parseBaseObjects } from "./base-objects";
import { parsePatchText } from "./patch-text";

const record = (version: number, text: string): PatchRecord => {
  const patch = parsePatchText(text);
  return { version, target: patch.target as string, patch };
};

/** `text  <- source` per line: `source` is base, p<version> or the transform's name; `*` marks structural lines. */
function blame(base: string, patches: string[], transforms = {}): string[] {
  const result = materialize({ objects: parseBaseObjects(base), patches: patches.map((p, i) => record(i + 1, p)), transforms });
  const object = result.objects[0];
  if (object === undefined || object.provenance === undefined) throw new Error("no object");
  const texts = object.config.split("\n");
  return provenanceByLine(object.config, object.provenance).map((l) => {
    const source = l.source === "patch" ? `p${l.version}` : l.source === "transform" ? l.transform : "base";
    return `${texts[l.line - 1]}  <- ${source}${l.structural ? " *" : ""}`;
  });
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: app
        image: app:1
        args: [--a, --b]
        env:
        - name: A
          value: "1"
`;

describe("provenanceByLine", () => {
  it.each([
    {
      description: "no patches: every line from the base",
      patches: [],
      expected: [
        "apiVersion: apps/v1  <- base",
        "kind: Deployment  <- base",
        "metadata:  <- base *",
        "  name: api  <- base",
        "spec:  <- base *",
        "  replicas: 1  <- base",
        "  template:  <- base *",
        "    spec:  <- base *",
        "      containers:  <- base *",
        "      - args:  <- base *",
        "        - '--a'  <- base",
        "        - '--b'  <- base",
        "        env:  <- base *",
        "        - name: A  <- base",
        "          value: '1'  <- base",
        "        image: app:1  <- base",
        "        name: app  <- base",
      ],
    },
    {
      description: "structural lines take the newest source below; list items of a scalar list take the list's; transforms are newest",
      patches: [
        "# target: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app:2\n        args: [--c]\n",
        "# target: api\nspec:\n  replicas: 3\n",
      ],
      transforms: { namespace: "prod" },
      expected: [
        "apiVersion: apps/v1  <- base",
        "kind: Deployment  <- base",
        "metadata:  <- namespace *",
        "  name: api  <- base",
        "  namespace: prod  <- namespace",
        "spec:  <- p2 *",
        "  replicas: 3  <- p2",
        "  template:  <- p1 *",
        "    spec:  <- p1 *",
        "      containers:  <- p1 *",
        "      - args:  <- p1 *",
        "        - '--c'  <- p1",
        "        env:  <- base *",
        "        - name: A  <- base",
        "          value: '1'  <- base",
        "        image: app:2  <- p1",
        "        name: app  <- p1", // the patch names the element by its merge key: it sets it too
      ],
    },
    {
      description: "a multi-line string: every line of the block from the patch that set it",
      patches: ["# target: api\nmetadata:\n  annotations:\n    note: |\n      line one\n      line two\n"],
      expected: [
        "apiVersion: apps/v1  <- base",
        "kind: Deployment  <- base",
        "metadata:  <- p1 *",
        "  annotations:  <- p1 *",
        "    note: |  <- p1",
        "      line one  <- p1",
        "      line two  <- p1",
        "  name: api  <- base",
      ],
      only: 8,
    },
    {
      description: "empty map and list are leaves",
      patches: ['{"target":"api","patch":[{"op":"add","path":"/spec/strategy","value":{}},{"op":"add","path":"/spec/paused","value":[]}]}'],
      expected: ["  paused: []  <- p1", "  replicas: 1  <- base", "  strategy: {}  <- p1"],
      from: 5,
      only: 3,
    },
  ])("$description", ({ patches, transforms, expected, from = 0, only }) => {
    const lines = blame(DEPLOYMENT, patches, transforms);
    expect(lines.slice(from, only === undefined ? undefined : from + only)).toEqual(expected);
  });

  it("refuses a text that is not the config materialize() wrote", () => {
    expect(() => provenanceByLine("b: 1\na: 2\n", [])).toThrow(MaterializeError);
  });
});
