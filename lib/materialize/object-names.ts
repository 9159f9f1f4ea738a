/**
 * Object names, per kind, as apimachinery's validation checks them (messages as a 1.32 API server
 * words them): most kinds take a DNS-1123 subdomain; Namespaces a DNS-1123 label; Services a
 * DNS-1035 label (it starts with a letter); RBAC kinds any path segment (`system:coredns`).
 * The simulator answers 422 with these; uploads refuse objects the API server would refuse.
 */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export type NameRule = (name: string) => string[];

function tooLong(name: string, max: number): string[] {
  return name.length > max ? [`must be no more than ${max} characters`] : [];
}

export const dnsSubdomain: NameRule = (name) => [
  ...tooLong(name, 253),
  ...(DNS1123_SUBDOMAIN.test(name)
    ? []
    : [
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ]),
];

export const dnsLabel: NameRule = (name) => [
  ...tooLong(name, 63),
  ...(DNS1123_LABEL.test(name)
    ? []
    : [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ]),
];

const dns1035Label: NameRule = (name) => [
  ...tooLong(name, 63),
  ...(DNS1035_LABEL.test(name)
    ? []
    : [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ]),
];

const pathSegment: NameRule = (name) => {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  return ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

/** Kinds whose names are not DNS-1123 subdomains (keys: `group/Kind`). */
const NAME_RULES: Record<string, NameRule> = {
  "/Namespace": dnsLabel,
  "/Service": dns1035Label,
  "rbac.authorization.k8s.io/Role": pathSegment,
  "rbac.authorization.k8s.io/RoleBinding": pathSegment,
  "rbac.authorization.k8s.io/ClusterRole": pathSegment,
  "rbac.authorization.k8s.io/ClusterRoleBinding": pathSegment,
};

/**
 * Why the API server would refuse an object's name (empty when it takes it). `group` undefined:
 * a custom resource, whose names are always DNS-1123 subdomains.
 */
export function nameProblems(group: string | undefined, kind: string, name: string): string[] {
  const rule = (group !== undefined && NAME_RULES[`${group}/${kind}`]) || dnsSubdomain;
  return rule(name);
}
