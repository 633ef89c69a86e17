import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The repository root: the nearest folder above this file holding package.json (works from src and dist). */
export const projectRoot = (from: string = __dirname): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
};

/** A file name safe to join to a folder: no separators, no leading dot. */
export const isPlainFileName = (name: string): boolean => /^[\w][\w.-]*$/.test(name) && !name.includes('..');

/**
 * Serves the files of one folder. Only plain names are served, so a request can never leave the
 * folder. `immutable` files (content-hashed names) are kept in memory and cacheable forever.
 */
export class StaticFolder {
  private readonly cache = new Map<string, Buffer>();

  constructor(readonly root: string) {}

  has(name: string): boolean {
    return isPlainFileName(name) && existsSync(join(this.root, name));
  }

  send(reply: FastifyReply, name: string, options: { immutable?: boolean } = {}): FastifyReply {
    let body = this.cache.get(name);
    if (!body) {
      body = readFileSync(join(this.root, name));
      if (options.immutable) this.cache.set(name, body);
    }
    return reply
      .header('content-type', TYPES[extname(name)] ?? 'application/octet-stream')
      .header('cache-control', options.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  }
}
