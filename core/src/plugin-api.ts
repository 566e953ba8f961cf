import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';

/**
 * The only surface an industry plugin's server code may use. A plugin's server entry default-exports
 * `definePlugin((api) => async (scope) => { … })`: `scope` is a Fastify scope mounted at
 * /api/plugins/<id>/, reachable only by signed-in members of institutions that have the plugin
 * enabled (others get 404), and `api` gives the registries below. Nothing else of the core is theirs.
 */
export interface PluginApi {
  readonly pluginId: string;
  /** The institution of the signed-in member making this request (the scope has checked the plugin is enabled there). */
  institutionOf(request: FastifyRequest): { institutionId: string; userId: string; role: string };
  /**
   * Data for quantitative indicators: what `source` returns for a manager and period is merged into
   * the business data their JSONata expressions read, under the plugin's id (e.g. `banking.loans`).
   */
  provideIndicatorData(
    source: (query: { institutionId: string; managerId: string; from: Date; to: Date }) => Promise<unknown>,
  ): void;
  /** Called after a submission is submitted in an institution that has the plugin enabled. */
  onSubmission(
    hook: (event: { institutionId: string; submissionId: string; formKey: string }) => Promise<void>,
  ): void;
  /** Handles jobs called `name` on the plugin's own queue. */
  handleJob(name: string, handler: (data: Record<string, unknown>) => Promise<unknown>): void;
  /** Queues a job on the plugin's own queue (a `jobId` makes it happen once). */
  enqueue(
    name: string,
    data: Record<string, unknown>,
    opts?: { delayMs?: number; jobId?: string },
  ): Promise<void>;
}

export type PluginServer = (api: PluginApi) => FastifyPluginAsync;

/** Declares a plugin's server code (typed; the host calls it once at start). */
export function definePlugin(server: PluginServer): PluginServer {
  return server;
}

export type { FastifyInstance, FastifyRequest };
