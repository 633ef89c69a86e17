import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { projectRoot, StaticFolder } from '../common/static-files';
import { ApiDoc } from './api-doc.decorator';
import { openApiDocument, type OpenApiDocument } from './openapi-document';
import { discoverRoutes } from './route-discovery';

const SWAGGER_FILES = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Tenfold API</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: true });
  </script>
</body>
</html>`;

const openApiSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({}),
  paths: z.record(z.string(), z.unknown()),
});

/** The OpenAPI page (Swagger UI, served offline from swagger-ui-dist) and the document it shows. */
@Controller('docs')
export class DocsController {
  private document?: OpenApiDocument;
  private readonly swaggerUi = new StaticFolder(dirname(require.resolve('swagger-ui-dist/package.json')));

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'This API documentation (Swagger UI)',
    content: { type: 'text/html', description: 'The documentation page' },
  })
  page(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(page);
  }

  @Get('openapi.json')
  @ApiDoc({
    summary: 'The OpenAPI 3.1 document of every route, generated from the zod schemas',
    response: openApiSchema,
  })
  openApi(): OpenApiDocument {
    this.document ??= openApiDocument(discoverRoutes(this.discovery, this.scanner), {
      title: 'Tenfold API',
      version: (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
        .version,
      description:
        'Event-sourced complaint and customer-relationship tracker. Send desk events to `POST /ingest`; ' +
        'read the 1:10:100 complaint cost, SLA, loyalty, satisfaction and retention views under `/views`.',
    });
    return this.document;
  }

  @Get('assets/:file')
  @ApiDoc({
    summary: 'Swagger UI assets',
    content: { type: 'application/octet-stream', description: 'A file' },
    errors: { 404: 'No such file' },
  })
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    if (!SWAGGER_FILES.has(file))
      throw new NotFoundException({ error: 'Not Found', reason: 'not_found', message: `No file ${file}` });
    return this.swaggerUi.send(reply, file, { immutable: false });
  }
}
