"use client";

import { ConfigBlame } from "./config-blame";
import { ConfigHistory } from "./config-history";
import { ObjectBase } from "./object-base";
import { ObjectPatches } from "./object-patches";
import type { ObjectTab } from "./object-tabs";


export function ObjectDetail({ name, tab, from, to }: { name: string; tab: ObjectTab; from: number | null; to: number | null }) {
  if (tab === "history") return <ConfigHistory name={name} from={from} to={to} />;
  if (tab === "base") return <ObjectBase name={name} />;
  if (tab === "patches") return <ObjectPatches name={name} />;
  return <ConfigBlame name={name} />;
}
