import { ParseIntPipe, RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { z } from 'zod';
import { ZodPipe } from '../common/zod-pipe';
import { API_DOC, type ApiDocSpec } from './api-doc.decorator';

/** One route Nest maps, with what its decorators and pipes say about its inputs. */
export interface DiscoveredRoute {
  method: string;
  /** Fastify-style path: `/complaints/:id/history`. */
  path: string;
  controller: string;
  handler: string;
  /** Success status: `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
  doc?: ApiDocSpec;
  query?: z.ZodType;
  body?: z.ZodType;
  params: Array<{ name: string; integer: boolean }>;
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

const joinPath = (...parts: string[]): string =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [String(value ?? '')];

const zodOf = (pipes: unknown[] = []): z.ZodType | undefined =>
  pipes.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe)?.schema;

const isIntPipe = (pipes: unknown[] = []): boolean =>
  pipes.some((p) => p === ParseIntPipe || p instanceof ParseIntPipe);

/** Every route of every controller Nest knows, read from the same metadata Nest maps routes from. */
export const discoverRoutes = (discovery: DiscoveryService, scanner: MetadataScanner): DiscoveredRoute[] => {
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, metatype));
    for (const handler of scanner.getAllMethodNames(prototype)) {
      const fn = (prototype as Record<string, unknown>)[handler] as object;
      const methodNo = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
      if (methodNo === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, handler) ?? {}) as Record<
        string,
        RouteArg
      >;
      const ofType = (type: RouteParamtypes) =>
        Object.entries(args)
          .filter(([key]) => Number(key.split(':')[0]) === type)
          .map(([, arg]) => arg);
      const query = ofType(RouteParamtypes.QUERY)
        .map((a) => zodOf(a.pipes))
        .find(Boolean);
      const body = ofType(RouteParamtypes.BODY)
        .map((a) => zodOf(a.pipes))
        .find(Boolean);
      const intParams = new Set(
        ofType(RouteParamtypes.PARAM)
          .filter((a) => isIntPipe(a.pipes))
          .map((a) => String(a.data)),
      );
      for (const prefix of prefixes) {
        for (const sub of asList(Reflect.getMetadata(PATH_METADATA, fn))) {
          const path = joinPath(prefix, sub);
          routes.push({
            method: RequestMethod[methodNo],
            path,
            controller: metatype.name,
            handler,
            status:
              (Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined) ??
              (methodNo === RequestMethod.POST ? 201 : 200),
            doc: Reflect.getMetadata(API_DOC, fn) as ApiDocSpec | undefined,
            query,
            body,
            params: [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, integer: intParams.has(name) })),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
};
