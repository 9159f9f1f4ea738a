import { describe, expect, it } from "vitest";
import { AuthThrottle } from "./auth-throttle";
import { ApiError } from "./errors";
import { resolveClientAddress } from "./client-address";

describe("AuthThrottle", () => {
  const make = (maxTracked?: number) => {
    const clock = { now: 1_000_000 };
    const throttle = new AuthThrottle({ maxFailures: 3, windowMs: 60_000, maxTracked }, () => clock.now);
    return { throttle, clock };
  };

  it("blocks an address after maxFailures failures until its window ends, with Retry-After", () => {
    const { throttle, clock } = make();
    for (let i = 0; i < 3; i++) {
      throttle.assertAllowed("10.0.0.1");
      throttle.recordFailure("10.0.0.1");
    }
    let error: unknown;
    try {
      throttle.assertAllowed("10.0.0.1");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).headers["retry-after"]).toBe("60");
    clock.now += 59_500;
    expect(throttle.retryAfterSeconds("10.0.0.1")).toBe(1);
    clock.now += 500;
    expect(throttle.retryAfterSeconds("10.0.0.1")).toBe(0);
    throttle.assertAllowed("10.0.0.1");
  });

  it("counts each address on its own", () => {
    const { throttle } = make();
    for (let i = 0; i < 5; i++) throttle.recordFailure("10.0.0.1");
    expect(throttle.retryAfterSeconds("10.0.0.1")).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds("10.0.0.2")).toBe(0);
  });

  it("keeps memory bounded: expired entries, then the oldest, make room", () => {
    const { throttle, clock } = make(100);
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.tracked).toBeLessThanOrEqual(100);
    clock.now += 61_000;
    throttle.recordFailure("10.9.9.9");
    expect(throttle.tracked).toBe(1);
  });

  it("never evicts a blocked address: 10,000 others failing once each leave it blocked", () => {
    const { throttle } = make(10_000);
    for (let i = 0; i < 3; i++) throttle.recordFailure("10.0.0.1");
    for (let i = 0; i < 10_000; i++) throttle.recordFailure(`10.1.${i >> 8}.${i & 255}`);
    expect(throttle.retryAfterSeconds("10.0.0.1")).toBe(60);
    expect(throttle.tracked).toBeLessThanOrEqual(10_000);
  });

  it("when every tracked address is blocked, fresh addresses share one overflow counter: memory stays bounded, guessing stays limited", () => {
    const { throttle, clock } = make(100);
    for (let i = 0; i < 100; i++) for (let n = 0; n < 3; n++) throttle.recordFailure(`10.0.0.${i}`);
    for (let i = 0; i < 3; i++) throttle.recordFailure(`10.5.5.${i}`);
    expect(throttle.tracked).toBe(100);
    for (let i = 0; i < 100; i++) expect(throttle.retryAfterSeconds(`10.0.0.${i}`)).toBe(60);
    expect(throttle.retryAfterSeconds("10.5.5.200")).toBe(60);
    clock.now += 60_000;
    expect(throttle.retryAfterSeconds("10.5.5.200")).toBe(0);
    throttle.recordFailure("10.6.6.6");
    expect(throttle.tracked).toBe(1);
  });
});

describe("resolveClientAddress", () => {
  it.each([
    ["no trusted hop: the socket peer, whatever X-Forwarded-For says", "::ffff:127.0.0.1", "6.6.6.6", 0, "127.0.0.1"],
    ["one hop (an ingress): the entry the proxy appended", "10.1.0.5", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"],
    ["two hops: one further left", "10.1.0.5", "203.0.113.7, 10.2.0.9", 2, "203.0.113.7"],
    ["more hops than entries: the leftmost", "10.1.0.5", "203.0.113.7", 5, "203.0.113.7"],
    ["no header behind a trusted hop: the peer", "10.1.0.5", undefined, 1, "10.1.0.5"],
    ["repeated headers join, ports and brackets go", "10.1.0.5", ["[2001:db8::1]", "198.51.100.2:4711"], 1, "198.51.100.2"],
    ["IPv6 peer", "2001:db8::7", undefined, 0, "2001:db8::7"],
  ])("%s", (_, socket, header, hops, expected) => {
    expect(resolveClientAddress(socket, header, hops)).toBe(expected);
  });
});
