import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocsController } from './docs.controller';

/** `/docs`: the OpenAPI document generated from the routes Nest maps and their zod schemas. */
@Module({ imports: [DiscoveryModule], controllers: [DocsController] })
export class OpenApiModule {}
