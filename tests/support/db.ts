import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/**
 * Rows read directly from the server's database, not through the app. PGlite has one process: stop
 * the server first.
 */
export async function sql<Row>(server: { databaseUrl: string | null; dataDir: string }, text: string): Promise<Row[]> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(`${server.dataDir}/pglite`);
  try {
    return (await db.query<Row>(text)).rows;
  } finally {
    await db.close();
  }
}


/** Runs several statements on the server's database (PGlite: stop the server first). */
export async function sqlScript(server: { databaseUrl: string | null; dataDir: string }, text: string): Promise<void> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new PGlite(`${server.dataDir}/pglite`);
  try {
    await db.exec(text);
  } finally {
    await db.close();
  }
}
