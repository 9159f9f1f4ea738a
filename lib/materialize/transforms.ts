/**
 * Global transforms applied after all patches: namespace (every namespaced object, see
 * namespace-transform.ts), image registry (every container image, see image-fields.ts), and a
 * single image update. Each works in place on an object the caller owns and returns the JSON
 * pointers it set.
 */
import { MaterializeError } from "./errors";
import { imageFields } from "./image-fields";
import { isMap, type JsonMap } from "./json-value";

export { setNamespace, namespacesMovedFrom, type NamespaceOptions } from "./namespace-transform";
export { imagesLeftAlone } from "./image-fields";

/** The pod spec of a workload object and its JSON pointer, if it has one. */
export function podSpecOf(object: JsonMap): { spec: JsonMap; pointer: string } | undefined {
  const path =
    object.kind === "Pod"
      ? ["spec"]
      : object.kind === "CronJob"
        ? ["spec", "jobTemplate", "spec", "template", "spec"]
        : object.kind === "PodTemplate"
          ? ["template", "spec"]
          : ["spec", "template", "spec"];
  let cur: unknown = object;
  for (const key of path) cur = isMap(cur) ? cur[key] : undefined;
  return isMap(cur) ? { spec: cur, pointer: `/${path.join("/")}` } : undefined;
}

/**
 * Puts an image under another registry. The registry is everything before the image's own name,
 * as in the reference's example (`gcr.io/instabase-public`): `gcr.io/instabase-public/core:1.0`
 * with `mirror.local/ib` becomes `mirror.local/ib/core:1.0`; `nginx:1` becomes `mirror.local/ib/nginx:1`.
 */
export function withRegistry(image: string, registry: string): string {
  const prefix = registry.replace(/\/+$/, "");
  const digestAt = image.indexOf("@");
  const path = digestAt === -1 ? image : image.slice(0, digestAt);
  const name = image.slice(path.lastIndexOf("/") + 1);
  return `${prefix}/${name}`;
}

/** Puts every image of `object` under `registry`: the fields of image-fields.ts (pod specs anywhere, well-known custom resources). */
export function setRegistry(object: JsonMap, registry: string): string[] {
  if (registry.trim() === "") throw new MaterializeError("invalid_transform", "registry must not be empty");
  return imageFields(object).map((field) => {
    field.holder[field.key] = withRegistry(field.image, registry);
    return field.pointer;
  });
}

/** Sets the image of one container (by name; the first container when no name is given). */
export function setImage(object: JsonMap, image: string, containerName?: string): string[] {
  const name = typeof object.metadata === "object" && isMap(object.metadata) ? String(object.metadata.name) : "?";
  const pod = podSpecOf(object);
  const containers = pod !== undefined && Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
  const index = containerName === undefined ? (containers.length > 0 ? 0 : -1) : containers.findIndex((c) => isMap(c) && c.name === containerName);
  const container = containers[index];
  if (pod === undefined || !isMap(container)) {
    throw new MaterializeError(
      "invalid_transform",
      containerName === undefined ? `object ${name} has no containers` : `object ${name} has no container named ${containerName}`,
      { object: name },
    );
  }
  container.image = image;
  return [`${pod.pointer}/containers/${index}/image`];
}
