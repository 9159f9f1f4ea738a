/**
 * Where a kind's schema types a field as a string, a plain scalar there keeps its text: the
 * readers take `DEBUG: n` in a ConfigMap's data for "n" and `LOG_LEVEL: 010` for "010", where
 * kubectl sends false and 8 (which the API server refuses). Null forms (`~`, `null`, nothing)
 * stay null everywhere: in a patch they delete. Keys of maps of user keys (labels,
 * annotations, data, nodeSelector, ...) keep their text too; other keys are read as kubectl
 * reads them (see yaml11-scalars.ts).
 *
 * The table below is static: per kind, the paths of its string fields; for every kind the
 * object metadata (name, namespace, labels, annotations, ...); for the workload kinds (Pod,
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate,
 * ReplicationController) the pod spec where that kind holds it. A kind outside the table (a
 * custom resource) gets the metadata rules only. A document without a kind (a patch body) gets
 * the rules of every kind in the table together, unless the caller names the kind
 * (`kindHint`, yaml-documents.ts).
 *
 *     ConfigMap:  data.*, binaryData.*            (any key: text, keys kept)
 *     Deployment: spec.template.spec.containers[].env[].value, ...args[], ...command[], ...image
 */

/** The rule of one position in a document. */
export interface FieldRule {
  /** A plain scalar here is a string: its text is kept (null forms stay null). */
  readonly text: boolean;
  /** Rules of named keys of a map here. */
  readonly fields: ReadonlyMap<string, FieldRule> | undefined;
  /** The rule of every other key's value: the map holds user keys, which keep their text. */
  readonly values: FieldRule | undefined;
  /** The rule of the items of a list here. */
  readonly items: FieldRule | undefined;
}

/** The rule of the value of `key` in a map whose rule is `rule`. */
export function childRule(rule: FieldRule | undefined, key: string): FieldRule | undefined {
  if (rule === undefined) return undefined;
  return rule.fields?.get(key) ?? rule.values;
}

/** True when the keys of a map whose rule is `rule` keep their text. */
export function keepsKeys(rule: FieldRule | undefined): boolean {
  return rule?.values !== undefined;
}

/** The rule of a whole document of `kind` (undefined: a document without a kind). */
export function documentRule(kind: string | undefined): FieldRule {
  if (kind === undefined) return ANY_KIND;
  return BY_KIND.get(kind) ?? OTHER_KIND;
}

/**
 * The table, written as shapes: `S` is a string, `[x]` a list of x, `{ key: x }` a map with
 * those keys, `{ "*": x }` a map of user keys with values x.
 */
type Shape = typeof S | readonly [Shape] | { readonly [key: string]: Shape };
const S = "string";

const labelMap = { "*": S } as const;
const objectMeta = {
  name: S,
  generateName: S,
  namespace: S,
  uid: S,
  resourceVersion: S,
  labels: labelMap,
  annotations: labelMap,
  finalizers: [S],
  ownerReferences: [{ apiVersion: S, kind: S, name: S, uid: S }],
} as const;
const labelSelector = { matchLabels: labelMap, matchExpressions: [{ key: S, operator: S, values: [S] }] } as const;
const nodeSelectorTerm = { matchExpressions: [{ key: S, operator: S, values: [S] }], matchFields: [{ key: S, operator: S, values: [S] }] } as const;
const podAffinityTerm = {
  labelSelector,
  namespaceSelector: labelSelector,
  namespaces: [S],
  topologyKey: S,
  matchLabelKeys: [S],
  mismatchLabelKeys: [S],
} as const;
const podAffinity = {
  requiredDuringSchedulingIgnoredDuringExecution: [podAffinityTerm],
  preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm }],
} as const;
const keyPaths = [{ key: S, path: S }] as const;
const fieldRef = { apiVersion: S, fieldPath: S } as const;
const httpGet = { path: S, host: S, scheme: S, httpHeaders: [{ name: S, value: S }] } as const;
const handler = { exec: { command: [S] }, httpGet } as const;
const probe = { exec: { command: [S] }, httpGet, grpc: { service: S } } as const;
const seLinuxOptions = { user: S, role: S, type: S, level: S } as const;
const profile = { type: S, localhostProfile: S } as const;
const windowsOptions = { gmsaCredentialSpecName: S, gmsaCredentialSpec: S, runAsUserName: S } as const;
const container = {
  name: S,
  image: S,
  imagePullPolicy: S,
  command: [S],
  args: [S],
  workingDir: S,
  env: [
    {
      name: S,
      value: S,
      valueFrom: {
        configMapKeyRef: { name: S, key: S },
        secretKeyRef: { name: S, key: S },
        fieldRef,
        resourceFieldRef: { containerName: S, resource: S },
      },
    },
  ],
  envFrom: [{ prefix: S, configMapRef: { name: S }, secretRef: { name: S } }],
  ports: [{ name: S, protocol: S, hostIP: S }],
  volumeMounts: [{ name: S, mountPath: S, subPath: S, subPathExpr: S, mountPropagation: S, recursiveReadOnly: S }],
  volumeDevices: [{ name: S, devicePath: S }],
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: { postStart: handler, preStop: handler, stopSignal: S },
  securityContext: { seLinuxOptions, capabilities: { add: [S], drop: [S] }, procMount: S, seccompProfile: profile, appArmorProfile: profile, windowsOptions },
  resizePolicy: [{ resourceName: S, restartPolicy: S }],
  restartPolicy: S,
  terminationMessagePath: S,
  terminationMessagePolicy: S,
  targetContainerName: S,
} as const;
const volume = {
  name: S,
  configMap: { name: S, items: keyPaths },
  secret: { secretName: S, items: keyPaths },
  hostPath: { path: S, type: S },
  persistentVolumeClaim: { claimName: S },
  emptyDir: { medium: S },
  nfs: { server: S, path: S },
  downwardAPI: { items: [{ path: S, fieldRef }] },
  csi: { driver: S, fsType: S, volumeAttributes: labelMap, nodePublishSecretRef: { name: S } },
  projected: {
    sources: [
      {
        configMap: { name: S, items: keyPaths },
        secret: { name: S, items: keyPaths },
        serviceAccountToken: { audience: S, path: S },
        downwardAPI: { items: [{ path: S, fieldRef }] },
      },
    ],
  },
} as const;
const podSpec = {
  containers: [container],
  initContainers: [container],
  ephemeralContainers: [container],
  volumes: [volume],
  nodeSelector: labelMap,
  serviceAccountName: S,
  serviceAccount: S,
  nodeName: S,
  hostname: S,
  subdomain: S,
  schedulerName: S,
  priorityClassName: S,
  restartPolicy: S,
  dnsPolicy: S,
  runtimeClassName: S,
  preemptionPolicy: S,
  imagePullSecrets: [{ name: S }],
  hostAliases: [{ ip: S, hostnames: [S] }],
  dnsConfig: { nameservers: [S], searches: [S], options: [{ name: S, value: S }] },
  tolerations: [{ key: S, operator: S, value: S, effect: S }],
  securityContext: {
    seLinuxOptions,
    seccompProfile: profile,
    appArmorProfile: profile,
    windowsOptions,
    sysctls: [{ name: S, value: S }],
    fsGroupChangePolicy: S,
    supplementalGroupsPolicy: S,
    seLinuxChangePolicy: S,
  },
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeSelectorTerm] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ preference: nodeSelectorTerm }],
    },
    podAffinity,
    podAntiAffinity: podAffinity,
  },
  topologySpreadConstraints: [{ topologyKey: S, whenUnsatisfiable: S, labelSelector, matchLabelKeys: [S], nodeAffinityPolicy: S, nodeTaintsPolicy: S }],
  readinessGates: [{ conditionType: S }],
  os: { name: S },
  schedulingGates: [{ name: S }],
  resourceClaims: [{ name: S, resourceClaimName: S, resourceClaimTemplateName: S }],
} as const;
const podTemplate = { metadata: objectMeta, spec: podSpec } as const;
const jobSpec = {
  selector: labelSelector,
  template: podTemplate,
  completionMode: S,
  podReplacementPolicy: S,
  managedBy: S,
  podFailurePolicy: { rules: [{ action: S, onExitCodes: { containerName: S, operator: S }, onPodConditions: [{ type: S, status: S }] }] },
} as const;
const pvcSpec = { accessModes: [S], storageClassName: S, volumeName: S, volumeMode: S, selector: labelSelector } as const;
const workload = (extra: { readonly [key: string]: Shape }) => ({ spec: { selector: labelSelector, template: podTemplate, ...extra } });

const KINDS: Record<string, { readonly [key: string]: Shape }> = {
  Pod: { spec: podSpec },
  PodTemplate: { template: podTemplate },
  Deployment: workload({ strategy: { type: S } }),
  ReplicaSet: workload({}),
  DaemonSet: workload({ updateStrategy: { type: S } }),
  StatefulSet: workload({
    serviceName: S,
    podManagementPolicy: S,
    updateStrategy: { type: S },
    volumeClaimTemplates: [{ metadata: objectMeta, spec: pvcSpec }],
  }),
  ReplicationController: { spec: { selector: labelMap, template: podTemplate } },
  Job: { spec: jobSpec },
  CronJob: { spec: { schedule: S, timeZone: S, concurrencyPolicy: S, jobTemplate: { metadata: objectMeta, spec: jobSpec } } },
  ConfigMap: { data: labelMap, binaryData: labelMap },
  Secret: { data: labelMap, stringData: labelMap, type: S },
  Service: {
    spec: {
      type: S,
      selector: labelMap,
      clusterIP: S,
      clusterIPs: [S],
      externalIPs: [S],
      externalName: S,
      loadBalancerIP: S,
      loadBalancerClass: S,
      loadBalancerSourceRanges: [S],
      sessionAffinity: S,
      externalTrafficPolicy: S,
      internalTrafficPolicy: S,
      ipFamilies: [S],
      ipFamilyPolicy: S,
      ports: [{ name: S, protocol: S, appProtocol: S }],
    },
  },
  ServiceAccount: { secrets: [{ name: S, namespace: S }], imagePullSecrets: [{ name: S }] },
  Ingress: {
    spec: {
      ingressClassName: S,
      rules: [{ host: S, http: { paths: [{ path: S, pathType: S, backend: { service: { name: S, port: { name: S } } } }] } }],
      tls: [{ hosts: [S], secretName: S }],
    },
  },
  PersistentVolumeClaim: { spec: pvcSpec },
  Role: { rules: [{ apiGroups: [S], resources: [S], verbs: [S], resourceNames: [S], nonResourceURLs: [S] }] },
  ClusterRole: {
    rules: [{ apiGroups: [S], resources: [S], verbs: [S], resourceNames: [S], nonResourceURLs: [S] }],
    aggregationRule: { clusterRoleSelectors: [labelSelector] },
  },
  RoleBinding: { roleRef: { apiGroup: S, kind: S, name: S }, subjects: [{ kind: S, apiGroup: S, name: S, namespace: S }] },
  ClusterRoleBinding: { roleRef: { apiGroup: S, kind: S, name: S }, subjects: [{ kind: S, apiGroup: S, name: S, namespace: S }] },
  HorizontalPodAutoscaler: { spec: { scaleTargetRef: { apiVersion: S, kind: S, name: S } } },
};

/** The fields every object has. */
const EVERY_KIND = { apiVersion: S, kind: S, metadata: objectMeta } as const;

interface MutableRule {
  text: boolean;
  fields: Map<string, MutableRule> | undefined;
  values: MutableRule | undefined;
  items: MutableRule | undefined;
}

/** Adds `shape` to `rule` (the union of both: a shape may be a map in one kind and a string in another). */
function addShape(rule: MutableRule, shape: Shape): MutableRule {
  if (shape === S) rule.text = true;
  else if (Array.isArray(shape)) rule.items = addShape(rule.items ?? emptyRule(), (shape as readonly [Shape])[0]);
  else {
    for (const [key, child] of Object.entries(shape as { readonly [key: string]: Shape })) {
      if (key === "*") rule.values = addShape(rule.values ?? emptyRule(), child);
      else {
        rule.fields ??= new Map();
        rule.fields.set(key, addShape(rule.fields.get(key) ?? emptyRule(), child));
      }
    }
  }
  return rule;
}

function emptyRule(): MutableRule {
  return { text: false, fields: undefined, values: undefined, items: undefined };
}

const OTHER_KIND: FieldRule = addShape(emptyRule(), EVERY_KIND);
const BY_KIND = new Map<string, FieldRule>(Object.entries(KINDS).map(([kind, shape]) => [kind, addShape(addShape(emptyRule(), EVERY_KIND), shape)]));
const ANY_KIND: FieldRule = Object.values(KINDS).reduce<MutableRule>((rule, shape) => addShape(rule, shape), addShape(emptyRule(), EVERY_KIND));
