import fp from 'fastify-plugin';
import type { PluginKind } from '../plugins/kinds.js';
import type { GradeDefinitionDoc } from './grades.js';

/** Grade definitions: a plugin's replace the institution's; removal puts the institution's back. */
export default fp(
  async (app) => {
    const kind: PluginKind<{ grades: string[] }, GradeDefinitionDoc[]> = {
      key: 'grades',
      snapshot: (institutionId) => app.grades.stored(institutionId),
      async install(step) {
        const grades: string[] = [];
        for (const definition of step.plugin.content.grades) {
          const current = await app.grades.get(step.institutionId, definition.grade);
          await app.grades.set(step.institutionId, definition, current.rev, step.actor);
          grades.push(definition.grade);
        }
        step.report.created.grades = grades.length;
        return { grades };
      },
      async remove(institutionId, _state, snapshot) {
        if (snapshot) await app.grades.restore(institutionId, snapshot);
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'grades-plugin-kind', dependencies: ['plugin-kinds', 'grades-service'] },
);
