import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type Principal, SESSION_COOKIE, verifySession } from "./auth";

/** For console server components: the signed-in principal, or a redirect to the sign-in page. */
export async function requireConsoleSession(): Promise<Principal> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  const principal = secret ? await verifySession(secret) : null;
  if (!principal) redirect("/sign-in");
  return principal;
}
