import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import tar from "tar-stream";
import yauzl from "yauzl";
import { isDomainError, invalidInput, tooLarge } from "@/lib/services/errors";

/**
 * Reads .zip and .tar.gz uploads in memory (nothing is written to disk) with hard limits: entry
 * count, size per entry and in total once unpacked, no absolute or `..` paths, no links.
 * Returns the text files whose extension is wanted.
 */

export type ArchiveFile = { name: string; text: string };

export type ArchiveLimits = { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number };

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 5_000,
  maxEntryBytes: 8 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
};

export type ArchiveKind = "zip" | "tar.gz";

export function archiveKind(filename: string): ArchiveKind | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  return null;
}

export async function readArchive(
  kind: ArchiveKind,
  data: Buffer,
  extensions: readonly string[],
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ArchiveFile[]> {
  const files = kind === "zip" ? await readZip(data, limits) : await readTarGz(data, limits);
  return files
    .filter((f) => extensions.includes(path.extname(f.name).toLowerCase()) && !isJunk(f.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isJunk(name: string): boolean {
  return name.split("/").some((part) => part === "__MACOSX" || part.startsWith("._"));
}

function checkName(name: string): string {
  const normalized = name.replace(/\\/g, "/");
  if (normalized.startsWith("/") || /^[A-Za-z]:/.test(normalized) || normalized.split("/").includes("..")) {
    throw invalidInput(`Archive entry '${name}' has an unsafe path (absolute or with '..')`);
  }
  return normalized;
}

class Budget {
  private entries = 0;
  private total = 0;
  constructor(private readonly limits: ArchiveLimits) {}
  entry(name: string, declaredBytes?: number) {
    if (++this.entries > this.limits.maxEntries) throw invalidInput(`Archive has more than ${this.limits.maxEntries} entries`);
    if (declaredBytes !== undefined) this.bytes(name, declaredBytes, declaredBytes);
  }
  bytes(name: string, entryBytes: number, added: number) {
    if (entryBytes > this.limits.maxEntryBytes) {
      throw tooLarge(`Archive entry '${name}' is larger than ${this.limits.maxEntryBytes} bytes unpacked`);
    }
    this.total += added;
    if (this.total > this.limits.maxTotalBytes) throw tooLarge(`Archive is larger than ${this.limits.maxTotalBytes} bytes unpacked`);
  }
}

async function readZip(data: Buffer, limits: ArchiveLimits): Promise<ArchiveFile[]> {
  const open = promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer);
  let zip: yauzl.ZipFile;
  try {
    zip = await open(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw invalidInput(`Not a valid .zip archive: ${(error as Error).message}`);
  }
  // The central directory's count is known before anything is inflated: refuse at once.
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw invalidInput(`Archive has more than ${limits.maxEntries} entries`);
  }
  const entries = await listZipEntries(zip, new Budget(limits));
  const files: ArchiveFile[] = [];
  try {
    for (const { entry, name } of entries) files.push({ name, text: await readZipEntry(zip, entry, name) });
  } catch (error) {
    throw isDomainError(error) ? error : invalidInput(`Invalid .zip archive: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
  return files;
}

/**
 * The central directory first: names and declared sizes are checked for every entry before
 * anything is inflated, so a bomb is refused without unpacking a byte of it.
 */
function listZipEntries(zip: yauzl.ZipFile, budget: Budget): Promise<{ entry: yauzl.Entry; name: string }[]> {
  const entries: { entry: yauzl.Entry; name: string }[] = [];
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(isDomainError(error) ? error : invalidInput(`Invalid .zip archive: ${(error as Error).message}`));
    };
    zip.on("error", fail);
    zip.on("end", () => resolve(entries));
    zip.on("entry", (entry: yauzl.Entry) => {
      try {
        const name = checkName(entry.fileName);
        budget.entry(name, entry.uncompressedSize);
        if (!name.endsWith("/")) entries.push({ entry, name });
        zip.readEntry();
      } catch (error) {
        fail(error);
      }
    });
    zip.readEntry();
  });
}

function readZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error("unreadable entry"));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // The declared size was counted already; this guards entries that lie about it.
        if (size > entry.uncompressedSize) {
          stream.destroy();
          reject(tooLarge(`Archive entry '${name}' unpacks to more than it declares`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
  });
}

async function readTarGz(data: Buffer, limits: ArchiveLimits): Promise<ArchiveFile[]> {
  // Streamed: a bomb is refused at the first entry over the limit, not after inflating it all.
  const gunzip = zlib.createGunzip();
  const budget = new Budget(limits);
  const files: ArchiveFile[] = [];
  const extract = tar.extract();
  return new Promise<ArchiveFile[]>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      gunzip.destroy();
      extract.destroy();
      reject(isDomainError(error) ? error : invalidInput(`Invalid .tar.gz archive: ${(error as Error).message}`));
    };
    extract.on("entry", (header, stream, next) => {
      try {
        const name = checkName(header.name);
        budget.entry(name);
        if (header.type === "directory") {
          stream.resume();
          stream.on("end", next);
          return;
        }
        if (header.type !== "file") throw invalidInput(`Archive entry '${name}' is a ${header.type}: only files and directories are allowed`);
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (data: unknown) => {
          const chunk = data as Buffer;
          size += chunk.length;
          try {
            budget.bytes(name, size, chunk.length);
          } catch (error) {
            fail(error);
            return;
          }
          chunks.push(chunk);
        });
        stream.on("end", () => {
          files.push({ name, text: Buffer.concat(chunks).toString("utf8") });
          next();
        });
        stream.on("error", fail);
      } catch (error) {
        fail(error);
      }
    });
    extract.on("finish", () => {
      if (!failed) resolve(files);
    });
    extract.on("error", fail);
    gunzip.on("error", (error) => fail(invalidInput(`Not a valid .tar.gz archive: ${error.message}`)));
    // Padding and trailing bytes are not entries: the inflated stream as a whole is bounded too.
    let inflated = 0;
    gunzip.on("data", (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > limits.maxTotalBytes + 1024 * 1024) fail(tooLarge(`Archive is larger than ${limits.maxTotalBytes} bytes unpacked`));
    });
    gunzip.pipe(extract);
    gunzip.end(data);
  });
}
