import { listBindings, listLabels } from "@/lib/store/labels";
import { loadStoreView } from "./state";

/** Every label: the default (kind) labels, custom labels, and labels named by bindings. */
export async function allLabels(): Promise<string[]> {
  const [labels, bindings] = await Promise.all([listLabels(), listBindings()]);
  return [...new Set([...labels.map((l) => l.name), ...bindings.map((b) => b.label)])].sort();
}

/** Objects bound to a label (the kind label binds every object of that kind); `mustExist` keeps those with base configs. */
export async function objectsOfLabel(label: string, mustExist: boolean): Promise<string[]> {
  const view = await loadStoreView();
  const bound = new Set(view.bindings[label] ?? []);
  for (const [name, head] of view.objects) if (head.kind === label) bound.add(name);
  return [...bound].filter((name) => !mustExist || view.objects.has(name)).sort();
}

export async function labelsOfObject(objectName: string): Promise<string[]> {
  const view = await loadStoreView();
  const labels = new Set(Object.entries(view.bindings).filter(([, names]) => names.includes(objectName)).map(([label]) => label));
  const kind = view.objects.get(objectName)?.kind;
  if (kind) labels.add(kind);
  return [...labels].sort();
}
