import { Readable } from "node:stream";
import busboy from "busboy";
import { ApiError, badRequest } from "./errors";

/**
 * Request bodies: JSON, application/x-www-form-urlencoded and multipart/form-data, read as a
 * stream with a byte budget so an oversized request is refused (413) before it is buffered.
 * Route handlers have no body limit of their own.
 */

export type UploadedFile = { field: string; filename: string; mimeType: string; data: Buffer };

export type RequestBody =
  | { kind: "empty" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; fields: Map<string, string[]>; files: UploadedFile[] };

const MAX_JSON_DEPTH = 64;
const MAX_FORM_FIELDS = 1_000;
const MAX_FILES = 20;

export async function readBody(req: Request, maxBytes: number): Promise<RequestBody> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "multipart/form-data") return readMultipart(req, maxBytes);

  const raw = await readLimited(req, maxBytes);
  if (raw.length === 0) return { kind: "empty" };
  const text = raw.toString("utf8");
  // `curl -d '{...}'` labels a JSON body as a form; a form never starts with "{".
  if (type === "application/x-www-form-urlencoded" && !text.trimStart().startsWith("{")) {
    return { kind: "form", fields: parseForm(text), files: [] };
  }
  // Scripts in the reference send `data=json.dumps(...)` with no content type at all.
  if (["", "application/json", "application/x-www-form-urlencoded", "text/plain"].includes(type) || type.endsWith("+json")) {
    return { kind: "json", value: parseJson(text) };
  }
  throw badRequest(
    `Unsupported content type '${type}': send application/json, application/x-www-form-urlencoded or multipart/form-data`,
  );
}

function tooLarge(maxBytes: number): ApiError {
  // The rest of the body is never read: the connection must not be reused after this answer.
  return new ApiError("payload_too_large", `Request body is larger than the limit of ${maxBytes} bytes`, {
    connection: "close",
  });
}

async function readLimited(req: Request, maxBytes: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, total);
}

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Malformed JSON body: ${(error as Error).message}`);
  }
  if (depth(value) > MAX_JSON_DEPTH) throw badRequest(`JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

function depth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (level > max) max = level;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(node)) stack.push([child, level + 1]);
  }
  return max;
}

function parseForm(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let count = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    if (++count > MAX_FORM_FIELDS) throw badRequest(`Form has more than ${MAX_FORM_FIELDS} fields`);
    addField(fields, key, value);
  }
  return fields;
}

function addField(fields: Map<string, string[]>, key: string, value: string) {
  const values = fields.get(key);
  if (values) values.push(value);
  else fields.set(key, [value]);
}

async function readMultipart(req: Request, maxBytes: number): Promise<RequestBody> {
  if (!req.body) throw badRequest("multipart/form-data request without a body");
  const fields = new Map<string, string[]>();
  const files: UploadedFile[] = [];
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": req.headers.get("content-type") ?? "" },
      limits: { fileSize: maxBytes, files: MAX_FILES, fields: MAX_FORM_FIELDS, fieldSize: maxBytes },
    });
  } catch (error) {
    throw badRequest(`Malformed multipart/form-data: ${(error as Error).message}`);
  }

  return new Promise<RequestBody>((resolve, reject) => {
    let total = 0;
    let failed = false;
    const fail = (error: ApiError) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(error);
    };
    const count = (bytes: number) => {
      total += bytes;
      if (total > maxBytes) fail(tooLarge(maxBytes));
    };
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(maxBytes));
      addField(fields, name, value);
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => fail(tooLarge(maxBytes)));
      stream.on("close", () => {
        files.push({ field: name, filename: info.filename ?? "", mimeType: info.mimeType, data: Buffer.concat(chunks) });
      });
    });
    parser.on("filesLimit", () => fail(badRequest(`At most ${MAX_FILES} files per request`)));
    parser.on("fieldsLimit", () => fail(badRequest(`At most ${MAX_FORM_FIELDS} form fields per request`)));
    parser.on("error", (error: Error) => fail(badRequest(`Malformed multipart/form-data: ${error.message}`)));
    parser.on("close", () => {
      if (!failed) resolve({ kind: "form", fields, files });
    });
    const source = Readable.fromWeb(req.body as import("node:stream/web").ReadableStream<Uint8Array>);
    // The raw body is counted as it arrives: a field or file still being sent cannot outgrow it.
    source.on("data", (chunk: Buffer) => count(chunk.length));
    source.on("error", () => fail(badRequest("The request body could not be read")));
    source.pipe(parser);
  });
}

/**
 * The body as a plain record for zod: JSON objects as they are; form fields as strings, or
 * string arrays when a key repeats. Files stay in `files`.
 */
export function bodyFields(body: RequestBody): Record<string, unknown> {
  if (body.kind === "empty") return {};
  if (body.kind === "json") {
    if (body.value === null || typeof body.value !== "object" || Array.isArray(body.value)) {
      throw badRequest("The request body must be a JSON object");
    }
    return body.value as Record<string, unknown>;
  }
  const record: Record<string, unknown> = Object.create(null);
  for (const [key, values] of body.fields) record[key] = values.length === 1 ? values[0] : values;
  return record;
}
