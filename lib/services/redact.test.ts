import { describe, expect, it } from "vitest";
import { redactSecretEnvText, redactSecretPairs, redactedMarker, withoutMarkerDigests } from "./redact";

const marker = redactedMarker("s3cr3t-value");

describe("redactSecretPairs scrubs secret-looking key/value pairs in log lines", () => {
  it.each([
    ["key=value", "login ok password=s3cr3t-value user=bob", `login ok password=${marker} user=bob`],
    ["any case, name contains the word", "DB_PASSWORD=s3cr3t-value", `DB_PASSWORD=${marker}`],
    ["JSON pair", '{"api_token": "s3cr3t-value", "user": "bob"}', `{"api_token": "${marker}", "user": "bob"}`],
    ["key: value", "aws_secret_access_key: s3cr3t-value", `aws_secret_access_key: ${marker}`],
    ["single quotes", "credential='s3cr3t-value'", `credential='${marker}'`],
    ["a pair right after another", "(image app:password=s3cr3t-value) in pod", `(image app:password=${marker}) in pod`],
    ["other keys untouched", "user=bob port=8080 msg: hello", "user=bob port=8080 msg: hello"],
    ["a log timestamp untouched", "2023-10-26T13:10:00.000000000Z heartbeat 1", "2023-10-26T13:10:00.000000000Z heartbeat 1"],
  ])("%s", (_, line, expected) => expect(redactSecretPairs(line)).toBe(expected));
});

describe("redactSecretEnvText redacts env values whose name looks secret in configs and patches", () => {
  const deployment = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "      - name: main",
    "        env:",
    "        - name: DB_PASSWORD",
    "          value: s3cr3t-value",
    "        - name: LOG_LEVEL",
    "          value: debug",
    "",
  ].join("\n");

  it("YAML config: the secret env value becomes the marker, the others stay", () => {
    const out = redactSecretEnvText(deployment);
    expect(out).not.toContain("s3cr3t-value");
    expect(out).toContain(marker);
    expect(out).toContain("debug");
  });

  it("a patch keeps its leading '# target:' comment", () => {
    const out = redactSecretEnvText(`# target: web\n${deployment}`);
    expect(out.startsWith("# target: web\n")).toBe(true);
    expect(out).not.toContain("s3cr3t-value");
  });

  it("JSON patch values stay JSON", () => {
    const patch = JSON.stringify([{ op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "API_KEY", value: "s3cr3t-value" } }]);
    const out = redactSecretEnvText(patch);
    expect(JSON.parse(out)).toEqual([{ op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "API_KEY", value: marker } }]);
  });

  it("text without secrets is returned unchanged (comments and layout kept)", () => {
    const text = "# a comment\nkind: ConfigMap\ndata:\n  a: '1'\n";
    expect(redactSecretEnvText(text)).toBe(text);
  });

  it("text that does not parse is scrubbed like a log", () => {
    expect(redactSecretEnvText("password=s3cr3t-value\n  : [unclosed")).not.toContain("s3cr3t-value");
  });
});

describe("redactSecretPairs is linear in the line: hostile 1 MiB lines finish well under a bound", () => {
  const MiB = 1 << 20;
  it.each([
    ["one word of repeated keys", "key".repeat(MiB / 3)],
    ["repeated key= pairs", "key=".repeat(MiB / 4)],
    ["repeated key: with spaces", "key : ".repeat(MiB / 6)],
    ["unclosed quotes after every key", `password="${"\\k".repeat(MiB / 2)}`],
    ["quoted keys without separators", '"key" '.repeat(MiB / 6)],
    ["no key at all", "a".repeat(MiB)],
  ])("%s", (_, line) => {
    const started = performance.now();
    const out = redactSecretPairs(line);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(out.length).toBeGreaterThan(0);
  });
});

describe("redactSecretPairs matches what the pair regex it replaces matched, on every short line of a hostile alphabet", () => {
  // The former regex, linear enough on lines this short: the tokenizer must agree with it.
  const word = "pass(?:word|wd)|secret|token|key|credential|pwd";
  const quoted = String.raw`"(?:[^"\\\n]|\\.)*"|'[^'\n]*'`;
  const pair = new RegExp(String.raw`(["']?)([\w.-]*(?:${word})[\w.-]*)\1(\s*[=:]\s*)(${quoted}|[^\s,;&"'})\]]+)`, "gi");
  const reference = (text: string) =>
    text.replace(pair, (_, quote: string, key: string, separator: string, value: string) => {
      const isQuoted = /^["']/.test(value);
      const m = redactedMarker(isQuoted ? value.slice(1, -1) : value);
      return `${quote}${key}${quote}${separator}${isQuoted ? `${value[0]}${m}${value[0]}` : m}`;
    });
  const pieces = ["key", "x", "=", ":", " ", '"', "'", "\\", ",", ".", "-", "\n", "}", "Token"];
  let seed = 14;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  it("5,000 random lines", () => {
    for (let i = 0; i < 5_000; i++) {
      const line = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      expect(redactSecretPairs(line), JSON.stringify(line)).toBe(reference(line));
    }
  });
});

describe("withoutMarkerDigests keeps the length of each marker and drops its digest", () => {
  it.each([
    ["a log pair", `password=${marker} user=bob`, "password=<redacted len=12> user=bob"],
    ["two markers in JSON", `{"a": "${marker}", "b": "${redactedMarker("1234")}"}`, '{"a": "<redacted len=12>", "b": "<redacted len=4>"}'],
    ["text without markers", "sha256=0123abcd <redacted>", "sha256=0123abcd <redacted>"],
  ])("%s", (_, text, expected) => expect(withoutMarkerDigests(text)).toBe(expected));
});
