import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { join } from 'node:path';
import { projectRoot, StaticFolder } from '../common/static-files';
import { ApiDoc } from '../openapi/api-doc.decorator';

/** Where `vite build` puts the dashboard (see apps/dashboard/vite.config.ts). */
export const DASHBOARD_DIR = join(projectRoot(), 'dist', 'dashboard');

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tenfold</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Tenfold</h1><p>The dashboard has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first)
and reload. The API is up: see <a href="/docs">/docs</a>.</p></body></html>`;

/** The dashboard: a static page built by Vite from apps/dashboard, served at `/`. */
@Controller()
export class DashboardController {
  private readonly site = new StaticFolder(DASHBOARD_DIR);
  private readonly assets = new StaticFolder(join(DASHBOARD_DIR, 'assets'));

  @Get()
  @ApiDoc({
    summary: 'The live dashboard (HTML page)',
    content: { type: 'text/html', description: 'The dashboard' },
    tag: 'Dashboard',
  })
  index(@Res() reply: FastifyReply) {
    if (!this.site.has('index.html'))
      return reply.status(503).header('content-type', 'text/html; charset=utf-8').send(notBuilt);
    return this.site.send(reply, 'index.html');
  }

  @Get('assets/:file')
  @ApiDoc({
    summary: 'Dashboard scripts and styles (content-hashed names)',
    content: { type: 'application/octet-stream', description: 'A file' },
    errors: { 404: 'No such file' },
    tag: 'Dashboard',
  })
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    if (!this.assets.has(file))
      throw new NotFoundException({
        error: 'Not Found',
        reason: 'not_found',
        message: `No dashboard file ${file}`,
      });
    return this.assets.send(reply, file, { immutable: true });
  }
}
