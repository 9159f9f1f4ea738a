import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DomainError, type DomainErrorCode, conflict, invalidInput, notFound, partialFailure, tooLarge, unavailable } from "@/lib/services/errors";
import { ApiError, toApiError } from "./errors";

/** Every domain code (a missing one fails typecheck): its constructor and the status it answers. */
const DOMAIN: Record<DomainErrorCode, { make: (message: string) => DomainError; status: number }> = {
  invalid_input: { make: invalidInput, status: 400 },
  not_found: { make: notFound, status: 404 },
  conflict: { make: conflict, status: 409 },
  too_large: { make: tooLarge, status: 413 },
  unavailable: { make: unavailable, status: 503 },
  partial_failure: { make: partialFailure, status: 500 },
};

describe("toApiError", () => {
  it.each(Object.entries(DOMAIN))("domain error %s → its status, message kept", (code, { make, status }) => {
    const domainError = make(`'web' says ${code}: details`);
    expect(domainError.code).toBe(code);
    const error = toApiError(domainError);
    expect(error).toBeInstanceOf(ApiError);
    expect({ status: error.status, message: error.message }).toEqual({ status, message: `'web' says ${code}: details` });
  });

  it.each([
    { description: "an ApiError passes through", error: new ApiError("unauthorized", "Invalid API token"), status: 401, message: "Invalid API token" },
    {
      description: "a zod error is a 400 naming each field",
      error: z.object({ name: z.string(), replicas: z.number() }).safeParse({ replicas: "3" }).error,
      status: 400,
      message: "name: Invalid input: expected string, received undefined; replicas: Invalid input: expected number, received string",
    },
    { description: "Prisma's record-not-found is a 404", error: Object.assign(new Error("No record"), { code: "P2025" }), status: 404, message: "Not found" },
    { description: "an unknown error is a bare 500", error: new Error("password=hunter2 in SQL"), status: 500, message: "Internal server error" },
    { description: "a thrown non-error is a bare 500", error: "boom", status: 500, message: "Internal server error" },
  ])("$description", ({ error, status, message }) => {
    const apiError = toApiError(error);
    expect({ status: apiError.status, message: apiError.message }).toEqual({ status, message });
  });
});

describe("errors from another copy of the module (each Next.js bundle holds its own)", () => {
  async function freshCopies() {
    vi.resetModules();
    const api = await import("./errors");
    const domain = await import("@/lib/services/errors");
    vi.resetModules();
    return { api, domain };
  }

  it("an ApiError of another copy keeps its status and Retry-After", async () => {
    const { api } = await freshCopies();
    const foreign = new api.ApiError("rate_limited", "Too many failed token attempts", { "retry-after": "42" });
    expect(foreign).not.toBeInstanceOf(ApiError);
    const error = toApiError(foreign);
    expect({ status: error.status, message: error.message, headers: error.headers }).toEqual({
      status: 429,
      message: "Too many failed token attempts",
      headers: { "retry-after": "42" },
    });
  });

  it("a DomainError of another copy keeps its code", async () => {
    const { domain } = await freshCopies();
    const foreign = domain.conflict("'web' is being changed");
    expect(foreign).not.toBeInstanceOf(DomainError);
    expect(toApiError(foreign).status).toBe(409);
  });

  it("a look-alike without the brand is a bare 500", () => {
    const lookAlike = Object.assign(new Error("forged"), { code: "rate_limited", headers: { "retry-after": "1" } });
    expect(toApiError(lookAlike)).toMatchObject({ status: 500, message: "Internal server error", headers: {} });
  });
});
