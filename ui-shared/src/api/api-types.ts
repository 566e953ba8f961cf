import type { paths } from './server-api';

/** A server path as /docs/json names it: `/api/institutions/{institutionId}/forms`. */
export type ApiPath = keyof paths;

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The methods a path answers. */
export type ApiMethod<P extends ApiPath> = {
  [M in Method]: paths[P][M] extends { responses: unknown } ? M : never;
}[Method];

/** The JSON a route answers with `status`: the server's response view, the one contract of the UIs. */
export type ApiResponse<
  P extends ApiPath,
  M extends ApiMethod<P>,
  Status extends number = 200,
> = paths[P][M] extends { responses: { [S in Status]: { content: { 'application/json': infer T } } } }
  ? T
  : never;

/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath, M extends ApiMethod<P>> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** The query string a route takes. */
export type ApiQuery<P extends ApiPath, M extends ApiMethod<P>> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** One item of a route that answers a list (`{ items: [...] }`). */
export type ApiItem<P extends ApiPath, M extends ApiMethod<P> = 'get' & ApiMethod<P>> =
  ApiResponse<P, M> extends { items: (infer T)[] } ? T : never;
