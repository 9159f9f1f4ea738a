/**
 * The namespace transform (`patches/namespace`): every namespaced object moves into one
 * namespace, and so do the references that point at what moved.
 *
 * Rules:
 * 1. A namespaced object gets `metadata.namespace`. A cluster-scoped one (scope.ts: built-in kinds
 *    by group and kind, custom resources by their CRD's `spec.scope`) gets none, and a namespace
 *    its base has is removed: kubectl and the API server drop it (see scope.ts).
 * 2. The namespaces *moved from* are those the transform empties: the namespaces of the store's
 *    namespaced objects before the transform (`namespacesMovedFrom` over every base object), and
 *    always the object's own former namespace.
 * 3. In a RoleBinding or ClusterRoleBinding (rbac.authorization.k8s.io), a subject of kind
 *    ServiceAccount gets the new namespace when its namespace is one moved from, or when it has
 *    none. Users, Groups and ServiceAccounts of other namespaces are left alone.
 * 4. A reference to a Service whose namespace is one moved from gets the new namespace:
 *    `webhooks[].clientConfig.service` of Validating/MutatingWebhookConfigurations, `spec.service`
 *    of an APIService, and a CRD's conversion webhook (`spec.conversion.webhook.clientConfig.service`;
 *    `spec.conversion.webhookClientConfig.service` in apiextensions.k8s.io/v1beta1).
 *
 * Every field set is returned as a JSON pointer (for provenance); a removed namespace is not.
 *
 * kustomize's `namespace:` (v5.5, as `kubectl kustomize` 1.32 runs it) differs on purpose: it moves
 * a subject or a Service reference only when it names an object of its own resources (by name and
 * former namespace); it moves every subject named `default`, whatever its kind and namespace
 * (its `defaultOnly` mode, kustomize issue #1599); it leaves subjects without a namespace alone;
 * and it keeps `metadata.namespace` on cluster-scoped objects. Here the transform moves every
 * namespaced object of the store, so every namespace it empties is the platform's: the
 * ServiceAccounts and Services there that the store does not hold (the `default` ServiceAccount,
 * those the platform's controllers create) are found in the new namespace too, while
 * `kube-system/default` stays where it is.
 *
 * Example, moving into `prod` with `namespacesMovedFrom` = {staging}:
 *
 *     kind: ClusterRoleBinding                kind: ClusterRoleBinding
 *     metadata: {name: r, namespace: x}       metadata: {name: r}
 *     subjects:                          →    subjects:
 *     - {kind: ServiceAccount, name: api,     - {kind: ServiceAccount, name: api, namespace: prod}
 *        namespace: staging}
 *     - {kind: ServiceAccount, name: sync}    - {kind: ServiceAccount, name: sync, namespace: prod}
 *     - {kind: ServiceAccount, name: default, - {kind: ServiceAccount, name: default, namespace: kube-system}
 *        namespace: kube-system}
 *     - {kind: User, name: alice}             - {kind: User, name: alice}
 */
import { isMap, type JsonMap } from "./json-value";
import { BUILT_IN_SCOPES, groupOf, type ScopeIndex } from "./scope";

export interface NamespaceOptions {
  /** Which kinds are cluster-scoped: a CrdIndex of the store's CRDs; built-in kinds only by default. */
  scopes?: ScopeIndex;
  /** The namespaces the transform empties (`namespacesMovedFrom`); the object's own is always one. */
  movedFrom?: ReadonlySet<string>;
}

/** The namespaces of the namespaced objects among `objects` (objects without one add none). */
export function namespacesMovedFrom(objects: Iterable<unknown>, scopes: ScopeIndex = BUILT_IN_SCOPES): Set<string> {
  const out = new Set<string>();
  for (const object of objects) {
    if (!isMap(object) || !isMap(object.metadata) || scopes.isClusterScoped(object.apiVersion, object.kind)) continue;
    const namespace = object.metadata.namespace;
    if (typeof namespace === "string" && namespace !== "") out.add(namespace);
  }
  return out;
}

const NONE: ReadonlySet<string> = new Set();

export function setNamespace(object: JsonMap, namespace: string, options: NamespaceOptions = {}): string[] {
  const movedFrom = options.movedFrom ?? NONE;
  const set: string[] = [];
  let former: unknown;
  if ((options.scopes ?? BUILT_IN_SCOPES).isClusterScoped(object.apiVersion, object.kind)) {
    if (isMap(object.metadata)) delete object.metadata.namespace;
  } else {
    const metadata = isMap(object.metadata) ? object.metadata : (object.metadata = {});
    former = metadata.namespace;
    metadata.namespace = namespace;
    set.push("/metadata/namespace");
  }
  const moves = (value: unknown) => typeof value === "string" && (value === former || movedFrom.has(value));
  for (const ref of namespaceReferences(object)) {
    const has = Object.hasOwn(ref.holder, "namespace");
    if (has ? moves(ref.holder.namespace) : ref.whenAbsent) {
      ref.holder.namespace = namespace;
      set.push(`${ref.pointer}/namespace`);
    }
  }
  return set;
}

interface NamespaceReference {
  /** The map whose `namespace` names the referenced object's namespace. */
  holder: JsonMap;
  pointer: string;
  /** A reference without a namespace moves too (a RoleBinding's subject means the binding's own). */
  whenAbsent: boolean;
}

const WEBHOOK_CONFIGURATIONS = new Set(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]);
const BINDINGS = new Set(["RoleBinding", "ClusterRoleBinding"]);

function namespaceReferences(object: JsonMap): NamespaceReference[] {
  const group = groupOf(object.apiVersion);
  const kind = object.kind;
  const out: NamespaceReference[] = [];
  const at = (value: unknown, pointer: string, whenAbsent = false) => {
    if (isMap(value)) out.push({ holder: value, pointer, whenAbsent });
  };
  const each = (list: unknown, pointer: string, visit: (item: JsonMap, pointer: string) => void) => {
    if (Array.isArray(list)) list.forEach((item, i) => isMap(item) && visit(item, `${pointer}/${i}`));
  };
  if (group === "rbac.authorization.k8s.io" && BINDINGS.has(kind as string)) {
    each(object.subjects, "/subjects", (subject, pointer) => subject.kind === "ServiceAccount" && at(subject, pointer, true));
  } else if (group === "admissionregistration.k8s.io" && WEBHOOK_CONFIGURATIONS.has(kind as string)) {
    each(object.webhooks, "/webhooks", (webhook, pointer) => isMap(webhook.clientConfig) && at(webhook.clientConfig.service, `${pointer}/clientConfig/service`));
  } else if (group === "apiregistration.k8s.io" && kind === "APIService" && isMap(object.spec)) {
    at(object.spec.service, "/spec/service");
  } else if (group === "apiextensions.k8s.io" && kind === "CustomResourceDefinition" && isMap(object.spec) && isMap(object.spec.conversion)) {
    const conversion = object.spec.conversion;
    if (isMap(conversion.webhook) && isMap(conversion.webhook.clientConfig)) at(conversion.webhook.clientConfig.service, "/spec/conversion/webhook/clientConfig/service");
    if (isMap(conversion.webhookClientConfig)) at(conversion.webhookClientConfig.service, "/spec/conversion/webhookClientConfig/service");
  }
  return out;
}
