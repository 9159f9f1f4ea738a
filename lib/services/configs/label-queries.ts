import { listBindings, listLabels } from "@/lib/store/labels";
import { displayName, keyOrReference, loadStoreView } from "./state";

/** Every label: the default (kind) labels, custom labels, and labels named by bindings. */
export async function allLabels(): Promise<string[]> {
  const [labels, bindings] = await Promise.all([listLabels(), listBindings()]);
  return [...new Set([...labels.map((l) => l.name), ...bindings.map((b) => b.label)])].sort();
}

/**
 * Objects bound to a label (the kind label binds every object of that kind), as responses name
 * them; `mustExist` keeps those with base configs (else references waiting for an object are listed too).
 */
export async function objectsOfLabel(label: string, mustExist: boolean): Promise<string[]> {
  const view = await loadStoreView();
  const shown = new Set<string>();
  for (const ref of Object.hasOwn(view.bindings, label) ? view.bindings[label]! : []) {
    const found = view.index.catalog.resolve(ref);
    if (found.type === "object") shown.add(displayName(view, found.key));
    else if (!mustExist) shown.add(ref);
  }
  for (const [key, head] of view.objects) if (head.kind === label) shown.add(displayName(view, key));
  return [...shown].sort();
}

export async function labelsOfObject(ref: string): Promise<string[]> {
  const view = await loadStoreView();
  const key = keyOrReference(view, ref);
  // An object's labels come from the index (its kind's, and bindings by any reference to it); a
  // reference no object has yet is bound only where a binding names it as written.
  const labels = view.objects.has(key)
    ? view.index.labelsOf(key)
    : Object.entries(view.bindings).filter(([, refs]) => refs.includes(key)).map(([label]) => label);
  return labels.sort();
}
