import { z } from "zod";

/** Booleans as the reference sends them: true/false or "true"/"false"; anything else is refused. */
export const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")], {
  error: "must be true or false",
});
