"use client";

import { ConfigBlame } from "./config-blame";
import { ConfigHistory, type HistoryPair } from "./config-history";
import { ObjectBase } from "./object-base";
import { ObjectPatches } from "./object-patches";
import type { ObjectTab } from "./object-tabs";


export function ObjectDetail({ name, tab, pair }: { name: string; tab: ObjectTab; pair: HistoryPair }) {
  if (tab === "history") return <ConfigHistory name={name} pair={pair} />;
  if (tab === "base") return <ObjectBase name={name} />;
  if (tab === "patches") return <ObjectPatches name={name} />;
  return <ConfigBlame name={name} />;
}
