import fp from 'fastify-plugin';
import type { PluginKind } from '../../plugins/kinds.js';
import { installDefaultIndicators } from './defaults.js';

/** Codes of the indicators and sets an install created (those the institution had stay its own). */
interface InstalledIndicators {
  indicators: string[];
  sets: string[];
}

/**
 * Indicators and indicator sets: the default library first (a plugin's sets build on it), then the
 * plugin's own; what the institution already has by code is kept as it is.
 */
export default fp(
  async (app) => {
    const installOwn = async (step: Parameters<PluginKind<InstalledIndicators>['install']>[0]) => {
      const { content } = step.plugin;
      const own = await app.indicators.install(
        step.institutionId,
        content.indicators,
        content.indicatorSets,
        step.actor,
        step.source,
      );
      for (const skipped of own.sets.skipped)
        step.report.skipped.push({
          what: `indicator set ${skipped.code}`,
          reason: skipped.problems[0]?.message ?? { en: 'invalid', zh: '无效' },
        });
      return own;
    };

    const kind: PluginKind<InstalledIndicators> = {
      key: 'indicators',
      async install(step) {
        const defaults = await installDefaultIndicators(app.indicators, step.institutionId, step.actor);
        const state = { indicators: defaults.indicators.created, sets: defaults.sets.created };
        await step.save(state);
        const own = await installOwn(step);
        state.indicators.push(...own.indicators.created);
        state.sets.push(...own.sets.created);
        step.report.created.indicators = state.indicators.length;
        step.report.created.indicatorSets = state.sets.length;
        return state;
      },
      async upgrade(step, state) {
        const own = await installOwn(step);
        state.indicators.push(...own.indicators.created);
        state.sets.push(...own.sets.created);
        return { state, keptIndicators: own.indicators.existing };
      },
      async remove(institutionId, state) {
        if (state) await app.indicators.removeMany(institutionId, state);
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'indicators-plugin-kind', dependencies: ['plugin-kinds', 'indicators-service'] },
);
