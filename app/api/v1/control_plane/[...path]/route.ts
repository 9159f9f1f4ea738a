import { notFound } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";

// Any other path under the API: authenticate first (401 never reveals which routes exist), then 404.
const unknownRoute = withHandler<{ path: string[] }>(async ({ url }) => {
  throw notFound(`No such endpoint: ${url.pathname}`);
});

export { unknownRoute as DELETE, unknownRoute as GET, unknownRoute as OPTIONS, unknownRoute as PATCH, unknownRoute as POST, unknownRoute as PUT };
