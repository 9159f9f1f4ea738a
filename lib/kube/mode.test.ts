import { describe, expect, it } from "vitest";
import { resolveKubeMode, type KubeEnv } from "./mode";
import type { KubeMode } from "./types";

const FILES = new Set(["/home/op/.kube/config", "/etc/kube/a.yaml"]);
const exists = (p: string): boolean => FILES.has(p);

const CASES: { description: string; kubeMode?: KubeMode; env: KubeEnv; expected: unknown }[] = [
  { description: "default in a pod: in-cluster", env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", HOME: "/home/op" }, expected: { mode: "in-cluster" } },
  { description: "default with ~/.kube/config: kubeconfig", env: { HOME: "/home/op" }, expected: { mode: "kubeconfig", kubeconfigPath: "/home/op/.kube/config" } },
  { description: "default with KUBECONFIG: its first existing file", env: { KUBECONFIG: "/missing:/etc/kube/a.yaml", HOME: "/home/op" }, expected: { mode: "kubeconfig", kubeconfigPath: "/etc/kube/a.yaml" } },
  { description: "KUBECONFIG wins over ~/.kube/config, even when none of it exists", env: { KUBECONFIG: "/missing", HOME: "/home/op" }, expected: { mode: "sim", dataDir: "/data" } },
  { description: "default with nothing: sim", env: { HOME: "/home/nobody" }, expected: { mode: "sim", dataDir: "/data" } },
  { description: "explicit sim beats a kubeconfig and a pod", kubeMode: "sim", env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", HOME: "/home/op" }, expected: { mode: "sim", dataDir: "/data" } },
  { description: "explicit kubeconfig in a pod", kubeMode: "kubeconfig", env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", HOME: "/home/op" }, expected: { mode: "kubeconfig", kubeconfigPath: "/home/op/.kube/config" } },
];

describe("resolveKubeMode", () => {
  it.each(CASES)("$description", ({ kubeMode, env, expected }) => {
    expect(resolveKubeMode({ kubeMode, dataDir: "/data", env, fileExists: exists })).toEqual(expected);
  });

  it("explicit modes that cannot work fail with the reason", () => {
    expect(() => resolveKubeMode({ kubeMode: "in-cluster", dataDir: "/data", env: {}, fileExists: exists })).toThrow(/not running in a pod/);
    expect(() => resolveKubeMode({ kubeMode: "kubeconfig", dataDir: "/data", env: { HOME: "/nobody" }, fileExists: exists })).toThrow(/no kubeconfig was found/);
  });
});
