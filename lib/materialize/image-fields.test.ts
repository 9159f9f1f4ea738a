/**
 * Registry transform tables: `{description, object, expected, leftAlone}` with YAML strings;
 * the registry is `r.io`, so `a/b:1` becomes `r.io/b:1`. `leftAlone` is what imagesLeftAlone
 * reports (pointers), on the object before the transform.
 */
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { imagesLeftAlone } from "./image-fields";
import type { JsonMap } from "./json-value";
import { setRegistry } from "./transforms";

interface Case {
  description: string;
  object: string;
  expected: string;
  leftAlone: string[];
}

const podSpecs: Case[] = [
  {
    description: "Deployment: containers and init containers",
    object: "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {initContainers: [{name: i, image: a/i:1}], containers: [{name: c, image: a/c:1}]}}}",
    expected: "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {initContainers: [{name: i, image: r.io/i:1}], containers: [{name: c, image: r.io/c:1}]}}}",
    leftAlone: [],
  },
  {
    description: "Pod: ephemeral containers are left alone (kubectl debug adds them, configs do not)",
    object: "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c, image: a/c:1}], ephemeralContainers: [{name: e, image: a/e:1}]}",
    expected: "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c, image: r.io/c:1}], ephemeralContainers: [{name: e, image: a/e:1}]}",
    leftAlone: ["/spec/ephemeralContainers/0/image"],
  },
  {
    description: "pod template embedded deeper in a custom resource (KEDA ScaledJob)",
    object: "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nspec: {jobTargetRef: {template: {spec: {containers: [{name: c, image: a/c:1}]}}}}",
    expected: "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nspec: {jobTargetRef: {template: {spec: {containers: [{name: c, image: r.io/c:1}]}}}}",
    leftAlone: [],
  },
  {
    description: "pod templates in a map of replica specs (Kubeflow PyTorchJob)",
    object: "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec: {pytorchReplicaSpecs: {Master: {template: {spec: {containers: [{name: pytorch, image: a/t:1}]}}}, Worker: {template: {spec: {containers: [{name: pytorch, image: a/t:1}]}}}}}",
    expected:
      "apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec: {pytorchReplicaSpecs: {Master: {template: {spec: {containers: [{name: pytorch, image: r.io/t:1}]}}}, Worker: {template: {spec: {containers: [{name: pytorch, image: r.io/t:1}]}}}}}",
    leftAlone: [],
  },
  {
    description: "Knative Service and Argo Rollout: spec.template.spec",
    object: "apiVersion: serving.knative.dev/v1\nkind: Service\nspec: {template: {spec: {containers: [{image: a/k:1}]}}}",
    expected: "apiVersion: serving.knative.dev/v1\nkind: Service\nspec: {template: {spec: {containers: [{image: r.io/k:1}]}}}",
    leftAlone: [],
  },
  {
    description: "status and metadata are not searched",
    object: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {annotations: {image: a/x:1}}\nstatus: {containers: [{image: a/s:1}]}",
    expected: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {annotations: {image: a/x:1}}\nstatus: {containers: [{image: a/s:1}]}",
    leftAlone: [],
  },
];

const wellKnown: Case[] = [
  {
    description: "Prometheus: spec.image, spec.thanos.image and its pod-spec-like containers",
    object: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec: {image: quay.io/prometheus/prometheus:v2, thanos: {image: quay.io/thanos/thanos:v0}, containers: [{name: side, image: a/s:1}], initContainers: [{name: i, image: a/i:1}]}",
    expected: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec: {image: r.io/prometheus:v2, thanos: {image: r.io/thanos:v0}, containers: [{name: side, image: r.io/s:1}], initContainers: [{name: i, image: r.io/i:1}]}",
    leftAlone: [],
  },
  {
    description: "Alertmanager: spec.image",
    object: "apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nspec: {image: quay.io/prometheus/alertmanager:v0}",
    expected: "apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nspec: {image: r.io/alertmanager:v0}",
    leftAlone: [],
  },
  {
    description: "Tekton Task: steps, sidecars, stepTemplate",
    object: "apiVersion: tekton.dev/v1\nkind: Task\nspec: {stepTemplate: {image: a/t:1}, steps: [{name: s, image: a/s:1}, {name: u, image: a/u:1}], sidecars: [{name: d, image: a/d:1}]}",
    expected: "apiVersion: tekton.dev/v1\nkind: Task\nspec: {stepTemplate: {image: r.io/t:1}, steps: [{name: s, image: r.io/s:1}, {name: u, image: r.io/u:1}], sidecars: [{name: d, image: r.io/d:1}]}",
    leftAlone: [],
  },
  {
    description: "Tekton Pipeline: embedded task specs",
    object: "apiVersion: tekton.dev/v1\nkind: Pipeline\nspec: {tasks: [{name: a, taskSpec: {steps: [{image: a/s:1}]}}, {name: b, taskRef: {name: t}}], finally: [{name: f, taskSpec: {steps: [{image: a/f:1}]}}]}",
    expected: "apiVersion: tekton.dev/v1\nkind: Pipeline\nspec: {tasks: [{name: a, taskSpec: {steps: [{image: r.io/s:1}]}}, {name: b, taskRef: {name: t}}], finally: [{name: f, taskSpec: {steps: [{image: r.io/f:1}]}}]}",
    leftAlone: [],
  },
  {
    description: "Argo Workflow: container, script and sidecar images of each template",
    object: "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: {templates: [{name: a, container: {image: a/c:1}}, {name: b, script: {image: a/p:1}, sidecars: [{name: s, image: a/s:1}]}, {name: c, steps: []}]}",
    expected: "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: {templates: [{name: a, container: {image: r.io/c:1}}, {name: b, script: {image: r.io/p:1}, sidecars: [{name: s, image: r.io/s:1}]}, {name: c, steps: []}]}",
    leftAlone: [],
  },
  {
    description: "Argo CronWorkflow: the workflow spec's templates",
    object: "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nspec: {workflowSpec: {templates: [{name: a, container: {image: a/c:1}}]}}",
    expected: "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nspec: {workflowSpec: {templates: [{name: a, container: {image: r.io/c:1}}]}}",
    leftAlone: [],
  },
  {
    description: "SparkApplication: spec, driver and executor images",
    object: "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec: {image: a/spark:3, driver: {image: a/d:3}, executor: {cores: 1}}",
    expected: "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec: {image: r.io/spark:3, driver: {image: r.io/d:3}, executor: {cores: 1}}",
    leftAlone: [],
  },
];

const leftAlone: Case[] = [
  {
    description: "unknown custom resource: image fields outside pod specs are left alone and reported",
    object: "apiVersion: example.com/v1\nkind: Cache\nspec: {image: a/cache:1, exporter: {sidecarImage: a/exp:1, imagePullPolicy: Always}, note: 'an image of the past'}",
    expected: "apiVersion: example.com/v1\nkind: Cache\nspec: {image: a/cache:1, exporter: {sidecarImage: a/exp:1, imagePullPolicy: Always}, note: 'an image of the past'}",
    leftAlone: ["/spec/image", "/spec/exporter/sidecarImage"],
  },
  {
    description: "a well-known kind in another group is not known",
    object: "apiVersion: example.com/v1\nkind: Prometheus\nspec: {image: a/p:1}",
    expected: "apiVersion: example.com/v1\nkind: Prometheus\nspec: {image: a/p:1}",
    leftAlone: ["/spec/image"],
  },
  {
    description: "a known kind's other image fields are reported (Prometheus spec.baseImage)",
    object: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec: {image: a/p:1, baseImage: quay.io/prometheus/prometheus}",
    expected: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec: {image: r.io/p:1, baseImage: quay.io/prometheus/prometheus}",
    leftAlone: ["/spec/baseImage"],
  },
];

const tables: Record<string, Case[]> = { "pod specs": podSpecs, "well-known custom resources": wellKnown, "left alone": leftAlone };

describe.each(Object.entries(tables))("registry transform: %s", (_name, table) => {
  it.each(table)("$description", (c) => {
    const object = jsYaml.load(c.object) as JsonMap;
    expect(imagesLeftAlone(object).map((f) => f.pointer)).toEqual(c.leftAlone);
    const set = setRegistry(object, "r.io");
    const expected = jsYaml.load(c.expected);
    expect(object, `object:\n${c.object}\nexpected:\n${jsYaml.dump(expected)}actual:\n${jsYaml.dump(object)}`).toEqual(expected);
    expect(imagesLeftAlone(object).map((f) => f.pointer), "the transform does not change what is left alone").toEqual(c.leftAlone);
    const at = (pointer: string) => pointer.slice(1).split("/").reduce<unknown>((v, k) => (v as JsonMap)[k], object);
    expect(set.map(at), "the pointers set are the rewritten images").toEqual(set.map(() => expect.stringMatching(/^r\.io\//)));
    expect(new Set(set).size).toBe(set.length);
  });
});
