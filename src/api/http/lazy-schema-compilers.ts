import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

const requireHere = createRequire(import.meta.url);

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
/** What both compiler packages export: a factory of the function Fastify calls with a route's schemas. */
type CompilerPackage = () => (externalSchemas?: unknown, options?: unknown) => unknown;
const fromPackage = (name: string) => (externalSchemas?: unknown, options?: unknown) => (requireHere(name) as CompilerPackage)()(externalSchemas, options);

/**
 * Fastify's own compilers (Ajv, fast-json-stringify), loaded only if a route ever declares a schema.
 * Fastify requires them when the app is made, about 1 MB of JavaScript and a fifth of the server's
 * start (docs/decisions/real-path-speed.md); no route here declares one (the JSON 1.1 API validates
 * against AWS's model itself), so a server never loads them. The casts: the packages' own types are
 * unions of overloads that a forwarding function cannot name.
 */
export const lazySchemaCompilers: CompilersFactory = {
  buildValidator: fromPackage('@fastify/ajv-compiler') as unknown as CompilersFactory['buildValidator'],
  buildSerializer: fromPackage('@fastify/fast-json-stringify-compiler') as unknown as CompilersFactory['buildSerializer'],
};
