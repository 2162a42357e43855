/**
 * The access token cached on disk under DATA_DIR: one file per environment and (hashed) app key
 * and host, mode 0600, written atomically. Only the token is stored, never the app key or secret.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

export const StoredToken = z.object({
  accessToken: z.string().min(1),
  expiresAtMs: z.number(),
  issuedAtMs: z.number(),
});
export type StoredToken = z.infer<typeof StoredToken>;

export interface TokenStore {
  load(): Promise<StoredToken | undefined>;
  save(token: StoredToken): Promise<void>;
  clear(): Promise<void>;
}

export class FileTokenStore implements TokenStore {
  readonly path: string;

  /** The host is part of the key: two simulators on two ports must not share a token. */
  constructor(dataDir: string, env: string, appKey: string, restUrl: string) {
    const hash = createHash("sha256").update(`${appKey}\n${restUrl}`).digest("hex").slice(0, 16);
    this.path = join(dataDir, `kis-token-${env}-${hash}.json`);
  }

  /** A missing or unreadable file is simply no cached token. */
  async load(): Promise<StoredToken | undefined> {
    try {
      const parsed = StoredToken.safeParse(JSON.parse(await readFile(this.path, "utf8")));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async save(token: StoredToken): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temp, JSON.stringify(token), { mode: 0o600 });
    await rename(temp, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
