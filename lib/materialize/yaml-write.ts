/** YAML output in kubectl's shape: keys sorted at every level, lists not indented under their key. */
import jsYaml from "js-yaml";

const OPTIONS: jsYaml.DumpOptions = { sortKeys: true, noArrayIndent: true, lineWidth: -1, noRefs: true };

export function toYaml(value: unknown): string {
  return jsYaml.dump(value, OPTIONS);
}

/** Several objects as one multi-document stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join("");
}
