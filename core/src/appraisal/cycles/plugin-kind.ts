import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import type { PluginKind } from '../../plugins/kinds.js';

/** A template's phases moved to `year` (the first phase's year becomes it; later years follow). */
export function phasesIn<T extends { from: string; to: string }>(phases: T[], year: number): T[] {
  const first = Math.min(...phases.map((p) => Number(p.from.slice(0, 4))));
  const shift = (date: string) => `${Number(date.slice(0, 4)) - first + year}${date.slice(4)}`;
  return phases.map((p) => ({ ...p, from: shift(p.from), to: shift(p.to) }));
}

/**
 * A plugin's cycle template, as a draft cycle of this year that launches as it is, with the
 * installing admin on its committee. Once launched it is data the institution depends on.
 */
export default fp(
  async (app) => {
    const kind: PluginKind<{ cycles: string[] }> = {
      key: 'cycles',
      after: ['forms', 'workflows', 'indicators', 'grades', 'people'],
      async install(step) {
        const template = step.plugin.content.cycle;
        const state = { cycles: [] as string[] };
        if (template) {
          const year = new Date().getUTCFullYear();
          const cycle = await app.cycles.create(
            step.institutionId,
            {
              ...template,
              code: `${template.code}-${year}`.slice(0, 40),
              population: template.population ?? { orgUnitIds: [], grades: [] },
              period: { from: `${year}-01-01`, to: `${year}-12-31` },
              phases: phasesIn(template.phases, year),
              committee: [step.user._id.toHexString()],
            },
            step.actor,
          );
          state.cycles.push(cycle._id.toHexString());
        }
        step.report.created.cycles = state.cycles.length;
        return state;
      },
      async dependents(institutionId, state) {
        const cycles = await Promise.all(
          state.cycles.map((id) => app.cycles.get(institutionId, new ObjectId(id)).catch(() => null)),
        );
        return { launchedCycles: cycles.filter((c) => c && c.status !== 'draft').length };
      },
      async remove(institutionId, state = { cycles: [] }) {
        await app.cycles.removeDrafts(
          institutionId,
          state.cycles.map((id) => new ObjectId(id)),
        );
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'cycles-plugin-kind', dependencies: ['plugin-kinds', 'cycles-service'] },
);
