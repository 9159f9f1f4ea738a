import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { strToU8, zipSync } from "fflate";
import tar from "tar-stream";

/** Unique names per test run: the shared servers keep state across test files. */
export function uniquePrefix(tag: string): string {
  return `${tag}-${randomBytes(3).toString("hex")}`;
}

export function deployment(name: string, opts: { replicas?: number; app?: string; namespace?: string; env?: Record<string, string> } = {}): string {
  const app = opts.app ?? name;
  const env = Object.entries(opts.env ?? { LOG_LEVEL: "INFO" })
    .map(([k, v]) => `        - name: ${k}\n          value: "${v}"`)
    .join("\n");
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${opts.namespace ?? "instabase"}
spec:
  replicas: ${opts.replicas ?? 1}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
      - name: main
        image: gcr.io/ib/${app}:1.0
        env:
${env}
      - name: sidecar
        image: gcr.io/ib/sidecar:2.0
`;
}

export function service(name: string, app: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: instabase
spec:
  selector:
    app: ${app}
  ports:
  - port: 80
    targetPort: 8080
`;
}

export function configMap(name: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: instabase
data:
  base-hot-config: |
    LOG_LEVEL: INFO
    ENABLE_TRACING: false
`;
}

export function secret(name: string, value: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: instabase
type: Opaque
stringData:
  password: ${value}
`;
}

export const docs = (...parts: string[]) => parts.join("---\n");

export function zip(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
}

export async function tarGz(entries: { name: string; text?: string; type?: "file" | "symlink"; linkname?: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === "symlink") pack.entry({ name: e.name, type: "symlink", linkname: e.linkname ?? "/etc/passwd" });
    else pack.entry({ name: e.name }, e.text ?? "");
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return zlib.gzipSync(Buffer.concat(chunks));
}

export function form(fields: Record<string, string>, file?: { name: string; data: Buffer }): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (file) data.append("file", new Blob([new Uint8Array(file.data)]), file.name);
  return data;
}

/** Bodies database/mock_ddl and database/setup refuse with 400 "Invalid parameters: …", and what the message names. */
export const BAD_PLATFORM_DB_INPUT: [string, Record<string, unknown>, RegExp][] = [
  ["a non-boolean flag", { create_admin_account: "yes" }, /create_admin_account: must be true or false/],
  ["a missing create_admin_account", {}, /create_admin_account/],
  ["an admin account without email", { create_admin_account: true }, /admin_email: is required/],
  ["an invalid email", { create_admin_account: true, admin_email: "not-an-email" }, /admin_email/],
  ["an unknown parameter", { create_admin_account: false, enable_everything: true }, /unknown parameter\(s\) enable_everything/],
  ["a flag given as a number", { create_admin_account: false, enable_key_service: 1 }, /enable_key_service/],
  ["an injection in the username", { create_admin_account: true, admin_email: "a@b.co", admin_username: "x'); DROP TABLE users;--" }, /admin_username/],
];
