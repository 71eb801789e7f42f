import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PageRoutes } from './console-app.ts';

interface Asset {
  /** The URL path under /app/assets/, with the content's hash in it: a change is a new URL, so caching is forever. */
  name: string;
  type: string;
  body: Buffer;
}

export interface Assets {
  /** The URL of an asset by its file name (`console.css` → `/app/assets/console.1a2b3c4d5e6f.css`). */
  url(file: string): string;
}

const files: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
  'vendor/htmx-2.0.11.min.js': 'text/javascript; charset=utf-8',
  'vendor/jsqr-1.4.0.js': 'text/javascript; charset=utf-8',
  'check-in.js': 'text/javascript; charset=utf-8'
};

/** Reads the console's few files once, at start. */
export async function loadAssets(dir: URL): Promise<{ assets: Assets; byName: Map<string, Asset> }> {
  const byFile = new Map<string, Asset>();
  for (const [file, type] of Object.entries(files)) {
    const body = await readFile(new URL(file, dir));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const base = file.split('/').pop()!;
    const dot = base.lastIndexOf('.');
    byFile.set(file, { name: `${base.slice(0, dot)}.${hash}${base.slice(dot)}`, type, body });
  }
  const byName = new Map([...byFile.values()].map((a) => [a.name, a]));
  return {
    byName,
    assets: {
      url(file) {
        const asset = byFile.get(file);
        if (!asset) throw new Error(`no console asset ${file}`);
        return `/app/assets/${asset.name}`;
      }
    }
  };
}

/** GET /app/assets/<name>.<hash>.<ext>: the files, cached for a year (their URL changes when they do). */
export function assetRoutes(byName: Map<string, Asset>): PageRoutes {
  return (app) => {
    app.get<{ Params: { name: string } }>(
      '/assets/:name',
      { schema: { hide: true }, config: { asset: true } },
      async (request, reply) => {
        const asset = byName.get(request.params.name);
        if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
        return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
      }
    );
  };
}
