import { describe, expect, it } from "vitest";
import { KubeError } from "@/lib/kube";
import { MaterializeError } from "@/lib/materialize";
import { invalidInput, unavailable } from "@/lib/services/errors";
import { JOB_RUNS, isTransientJobError, jobBackoffMs, publicJobError } from "./transient";

/** A Prisma error as the driver adapter wraps a dropped connection: its text carries SQL and parameters. */
const prismaDropped = Object.assign(new Error("Invalid `prisma.baseConfig.createMany()` invocation: INSERT INTO base_configs ... 'secret-value' Connection terminated unexpectedly"), {
  code: "P2010",
  meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" } } },
});
const kube = (status: number) => new KubeError({ operation: "apply", kind: "Deployment", name: "web", status }, "injected");

describe("job failures", () => {
  it.each([
    { description: "a dropped database connection is transient", error: prismaDropped, transient: true, text: `Database connection failed (tried ${JOB_RUNS} times)` },
    { description: "a cluster without an answer is transient", error: kube(0), transient: true, text: `The cluster did not answer or failed (tried ${JOB_RUNS} times); deployment/update retries` },
    { description: "a cluster 503 is transient", error: kube(503), transient: true, text: `The cluster did not answer or failed (tried ${JOB_RUNS} times); deployment/update retries` },
    { description: "an unavailable domain error is transient, its message kept", error: unavailable("The cluster's schema could not be read"), transient: true, text: "The cluster's schema could not be read" },
    { description: "a cluster 422 is final", error: kube(422), transient: false, text: "Internal error (details are in the server log)" },
    { description: "invalid input is final, its message kept", error: invalidInput("document 3 has no kind"), transient: false, text: "document 3 has no kind" },
    { description: "a manifest error is final, its message kept", error: new MaterializeError("yaml_syntax", "document 0, line 2: bad indentation"), transient: false, text: "document 0, line 2: bad indentation" },
    { description: "an unknown error is final and says nothing of itself", error: new Error("relation \"x\" password=hunter2"), transient: false, text: "Internal error (details are in the server log)" },
  ])("$description", ({ error, transient, text }) => {
    expect(isTransientJobError(error)).toBe(transient);
    expect(publicJobError(error, JOB_RUNS)).toBe(text);
    expect(publicJobError(error, JOB_RUNS)).not.toMatch(/prisma|INSERT|secret-value|hunter2|57P01/i);
  });

  it("backs off exponentially from 0.5 s, with at most 20% jitter, and all retries fit in the 30 s stale limit", () => {
    expect([1, 2, 3, 4, 5].map((n) => jobBackoffMs(n, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(jobBackoffMs(1, () => 1)).toBe(600);
    let worst = 0;
    for (let n = 1; n < JOB_RUNS; n++) worst += jobBackoffMs(n, () => 1);
    expect(worst).toBeLessThan(30_000);
  });
});
