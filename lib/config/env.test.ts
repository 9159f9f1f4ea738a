import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./env";

describe("parseConfig", () => {
  it("applies the embedded defaults", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ databaseUrl: undefined, apiToken: undefined, kubeMode: undefined, namespace: "instabase", port: 9500 });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" })).toMatchObject({ databaseUrl: undefined, port: 9500 });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      DATABASE_URL: "postgresql://u:p@db:5432/dm",
      DM_ENCRYPTION_KEY: "a-key-every-replica-shares-0123456789",
      DM_API_TOKEN: "0123456789abcdef-token",
      KUBE_MODE: "kubeconfig",
      DM_NAMESPACE: "platform",
      PORT: "8080",
      DATA_DIR: "/var/lib/dm",
    });
    expect(config).toMatchObject({ databaseUrl: "postgresql://u:p@db:5432/dm", kubeMode: "kubeconfig", namespace: "platform", port: 8080, dataDir: "/var/lib/dm" });
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["KUBE_MODE", "docker"],
    ["DATABASE_URL", "mysql://x"],
    ["DM_NAMESPACE", "UPPER"],
    ["DM_API_TOKEN", "has space in it 1234"],
    ["DM_ENCRYPTION_KEY_PREVIOUS", "short"],
  ])("a bad %s names the variable", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it("requires DM_ENCRYPTION_KEY with PostgreSQL, naming it", () => {
    expect(() => parseConfig({ DATABASE_URL: "postgres://db/dm" })).toThrow(/^Invalid configuration: DM_ENCRYPTION_KEY: required with DATABASE_URL/);
    expect(() => parseConfig({ DM_ENCRYPTION_KEY_PREVIOUS: "the-key-being-replaced-0123456789abc" })).toThrow(/DM_ENCRYPTION_KEY: required with DM_ENCRYPTION_KEY_PREVIOUS/);
  });
});
