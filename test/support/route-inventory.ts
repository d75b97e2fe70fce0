import type { INestApplication, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../../src/common/auth/auth.decorators';
import { TestApp } from './test-app';

/** A route as the server answers it: `GET /api/v1/cohorts/:id`. */
export type RouteKey = `${string} /${string}`;

export const routeKey = (method: string, url: string): RouteKey => `${method.toUpperCase()} ${url}` as RouteKey;

/**
 * Starts the test app while recording every route Fastify registers, whoever registers it: Nest's controllers,
 * Swagger UI, Bull Board, the CORS preflight. An `onRoute` hook sees exactly what the server will answer, so a
 * route added past Nest (a plain Fastify plugin) is seen too. The hook must exist before the first route, hence
 * it is added to the adapter before Nest uses it; the app itself is the real one.
 */
export async function startRecordingRoutes(
  env: Record<string, string> = {},
): Promise<{ app: TestApp; served: RouteKey[] }> {
  const served: RouteKey[] = [];
  const app = await TestApp.start(env, (adapter) =>
    adapter.getInstance().addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) served.push(routeKey(method, route.url ?? route.path));
    }),
  );
  return { app, served };
}

/** A controller method that answers a route, and the access rule the global guard reads for it. */
export interface NestRoute {
  method: string;
  /** Controller and method paths joined, before any global prefix: `/cohorts/:id`. */
  path: string;
  name: string;
  access: AccessRule | undefined;
}

const joinPaths = (...parts: Array<string | undefined>) =>
  '/' +
  parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter(Boolean)
    .join('/');

/** Every controller method with a route, from the modules Nest built, with its access rule as the guard sees it. */
export function nestRoutes(app: INestApplication): NestRoute[] {
  const reflector = app.get(Reflector);
  const routes: NestRoute[] = [];
  const seen = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const access = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]);
        const handlerPaths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined].flat();
        for (const controllerPath of controllerPaths) {
          for (const handlerPath of handlerPaths) {
            routes.push({
              method: RequestMethod[method],
              path: joinPaths(controllerPath, handlerPath),
              name: `${controller.name}.${name}`,
              access,
            });
          }
        }
      }
    }
  }
  return routes;
}

/** One operation of an OpenAPI document. */
export interface DocumentedOperation {
  key: RouteKey;
  summary?: string;
  parameters: Array<{ name: string; in: string }>;
  responses: Record<string, unknown>;
  security?: Array<Record<string, unknown>>;
}

/** The operations of an OpenAPI document, keyed like the server's routes (`{id}` read as `:id`). */
export function documentedOperations(document: {
  paths: Record<string, Record<string, Omit<DocumentedOperation, 'key'>>>;
}): Map<RouteKey, DocumentedOperation> {
  const operations = new Map<RouteKey, DocumentedOperation>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const key = routeKey(method, path.replace(/\{(\w+)\}/g, ':$1'));
      operations.set(key, { ...operation, parameters: operation.parameters ?? [], key });
    }
  }
  return operations;
}

/** `:name` segments of a route path. */
export const pathParameters = (key: RouteKey): string[] => [...key.matchAll(/:(\w+)/g)].map((match) => match[1]);
