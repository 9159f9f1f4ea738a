import { identify } from "../base-objects";
import type { JsonMap } from "../json-value";
import type { BaseObject } from "../materialize";

/** A base object for tests, with the identity the store would give it. */
export function baseObject(object: JsonMap): BaseObject {
  return identify([{ kind: String(object.kind), object, where: "test" }])[0]!;
}
