import { z } from 'zod';
import { httpErrorSchema } from '../common/http-error.schema';
import type { DiscoveredRoute } from './route-discovery';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

/** Converts zod schemas to JSON Schema, hoisting schemas with a `meta({ id })` into `components.schemas`. */
class SchemaSet {
  readonly components: Record<string, Json> = {};

  toJson(schema: z.ZodType, io: 'input' | 'output'): Json {
    const {
      $schema: _ignored,
      $defs,
      ...root
    } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      // zod's date-time regex is correct but unreadable on the docs page; `format` says the same.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
      },
    }) as Json & { $defs?: Record<string, Json> };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) names.set(id, this.nameFor(id, def, io));
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) =>
          key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
            ? [key, `#/components/schemas/${names.get(inner.slice(8)) ?? inner.slice(8)}`]
            : [key, rewrite(inner)],
        ),
      );
    };
    for (const [id, def] of Object.entries($defs ?? {}))
      this.components[names.get(id)!] = rewrite(def) as Json;
    return rewrite(root) as Json;
  }

  /** The same id can differ between input and output (defaults make fields optional on input). */
  private nameFor(id: string, def: Json, io: 'input' | 'output'): string {
    const existing = this.components[id];
    if (!existing || JSON.stringify(existing) === JSON.stringify(def)) return id;
    return `${id}${io === 'input' ? 'Input' : 'Output'}`;
  }
}

const words = (name: string): string => name.replace(/Controller$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');

const queryParameters = (set: SchemaSet, schema: z.ZodType): Json[] => {
  const json = set.toJson(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
};

/** The OpenAPI 3.1 document of the routes Nest maps; every schema in it is generated from zod. */
export const openApiDocument = (
  routes: DiscoveredRoute[],
  info: OpenApiDocument['info'],
): OpenApiDocument => {
  const set = new SchemaSet();
  const error = { content: { 'application/json': { schema: set.toJson(httpErrorSchema, 'output') } } };
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const doc = route.doc;
    const tag = doc?.tag ?? words(route.controller);
    tags.add(tag);
    const parameters: Json[] = route.params.map(({ name, integer }) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: integer ? 'integer' : 'string' },
    }));
    if (route.query) parameters.push(...queryParameters(set, route.query));
    const bodySchema = route.body ?? doc?.body?.schema;
    const requestBody = bodySchema
      ? {
          required: !doc?.body?.optional,
          ...(doc?.body?.description ? { description: doc.body.description } : {}),
          content: {
            'application/json': { schema: set.toJson(bodySchema, 'input') },
            ...Object.fromEntries(
              (doc?.body?.extraTypes ?? []).map((type) => [type, { schema: { type: 'string' } }]),
            ),
          },
        }
      : undefined;
    const status = String(route.status);
    const success: Json = doc?.content
      ? {
          description: doc.content.description,
          content: {
            [doc.content.type]: doc.content.schema
              ? { schema: set.toJson(doc.content.schema, 'output') }
              : {},
          },
        }
      : doc?.response
        ? {
            description: 'Success',
            content: { 'application/json': { schema: set.toJson(doc.response, 'output') } },
          }
        : { description: 'Success (response schema not documented)' };
    const responses: Record<string, Json> = { [status]: success };
    if (route.query || bodySchema || route.params.some((p) => p.integer)) {
      responses['400'] = { description: 'Invalid request', ...error };
    }
    for (const [code, description] of Object.entries(doc?.errors ?? {}))
      responses[code] = { description, ...error };
    const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method.toLowerCase()] = {
      operationId: `${route.controller.replace(/Controller$/, '')}_${route.handler}`,
      summary: doc?.summary ?? `${route.method} ${route.path}`,
      ...(doc?.description ? { description: doc.description } : {}),
      tags: [tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: { schemas: set.components },
  };
};
