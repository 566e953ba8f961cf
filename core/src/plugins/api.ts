import type { FastifyInstance } from 'fastify';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import type { PluginApi } from '../plugin-api.js';

/** The API a plugin's server code gets: registries of the core, each heard only where the plugin is enabled. */
export function pluginApi(app: FastifyInstance, pluginId: string): PluginApi {
  const jobQueue = `plugin-${pluginId}`;
  return {
    pluginId,
    institutionOf(request) {
      const user = userOf(request);
      if (!user.institutionId) throw new Errors.NOT_FOUND();
      return {
        institutionId: user.institutionId.toHexString(),
        userId: user._id.toHexString(),
        role: user.role,
      };
    },
    provideIndicatorData(source) {
      app.cycles.provideBusinessData({
        dataOf: async (institutionId, managerId, period) => {
          if (!(await app.plugins.enabled(institutionId)).has(pluginId)) return {};
          const data = await source({
            institutionId: institutionId.toHexString(),
            managerId: managerId.toHexString(),
            ...period,
          });
          return { [pluginId]: data };
        },
      });
    },
    onSubmission(hook) {
      app.submissions.onSubmitted(async (submission) => {
        if (!(await app.plugins.enabled(submission.institutionId)).has(pluginId)) return;
        await hook({
          institutionId: submission.institutionId.toHexString(),
          submissionId: submission._id.toHexString(),
          formKey: submission.formKey,
        });
      });
    },
    handleJob(name, handler) {
      app.jobs.handle(jobQueue, name, (job) => handler(job.data as Record<string, unknown>));
    },
    async enqueue(name, data, opts = {}) {
      await app.jobs.queue(jobQueue).add(name, data, {
        ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
      });
    },
  };
}
