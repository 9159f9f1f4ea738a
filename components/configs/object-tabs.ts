/** The object page's tabs (a plain module: the server page reads them, the client renders them). */
export const OBJECT_TABS = [
  { id: "config", label: "Config & blame" },
  { id: "history", label: "History" },
  { id: "base", label: "Base configs & containers" },
  { id: "patches", label: "Patches" },
] as const;

export type ObjectTab = (typeof OBJECT_TABS)[number]["id"];
