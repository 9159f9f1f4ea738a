import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "./connection-failure";

const pgError = (code: string, severity = "ERROR") => Object.assign(new Error("from the server"), { code, severity });
/** How Prisma's driver adapter wraps a pg error (seen with a database that refuses connections). */
const viaPrisma = (cause: object) => Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("isConnectionFailure", () => {
  it.each([
    ["a refused socket", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })],
    ["an unknown host", Object.assign(new Error("getaddrinfo ENOTFOUND db"), { code: "ENOTFOUND" })],
    ["a wrong password (28P01)", pgError("28P01", "FATAL")],
    ["a missing database (3D000)", pgError("3D000", "FATAL")],
    ["a database not accepting connections (FATAL 55000)", pgError("55000", "FATAL")],
    ["a terminated backend (57P01)", pgError("57P01", "FATAL")],
    ["a dropped connection", new Error("Connection terminated unexpectedly")],
    ["the pool's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["Prisma: cannot reach the server (P1001)", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    ["Prisma wrapping a refused connection", viaPrisma({ kind: "postgres", code: "55000", severity: "FATAL" })],
    ["Prisma: a database renamed away (P1003, adapter kind DatabaseDoesNotExist)", Object.assign(new Error("Database `x` does not exist"), { code: "P1003", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "3D000", kind: "DatabaseDoesNotExist", db: "x" } } } })],
    ["Prisma wrapping a missing database in a raw query (P2010)", viaPrisma({ originalCode: "3D000", originalMessage: 'database "x" does not exist', kind: "DatabaseDoesNotExist", db: "x" })],
    ["Prisma wrapping a closed connection", viaPrisma({ kind: "ConnectionClosed" })],
    ["an error caused by a refused socket", new Error("query failed", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) })],
  ])("true for %s", (_, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ["a failing statement (42P07)", pgError("42P07")],
    ["Prisma wrapping a failing statement", viaPrisma({ kind: "postgres", code: "23505", severity: "ERROR" })],
    ["Prisma's not found", Object.assign(new Error("not found"), { code: "P2025" })],
    ["a plain error", new Error("boom")],
    ["not an error", "text"],
    ["nothing", undefined],
  ])("false for %s", (_, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
