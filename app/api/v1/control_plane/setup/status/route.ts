import { withHandler } from "@/lib/api/handler";
import { isSetUp } from "@/lib/services/setup";

// GET|POST /setup/status – whether tables and default label bindings exist
const status = withHandler(async () => ({ isSetup: await isSetUp() }));

export const GET = status;
export const POST = status;
