import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import type { PluginKind } from '../plugins/kinds.js';

/** What a demo's people kind made: units, every user, and the generated managers by their key. */
export interface InstalledPeople {
  orgUnits: string[];
  users: string[];
  /** Generated manager key → user id, for the customers they own. */
  managers: Record<string, string>;
}

/**
 * Org units and people of a plugin's demo: the seed's tree and named people, then the generated
 * managers with their profiles, all signing in with the demo's one password. Removal takes out their
 * profiles, sessions and notifications with them.
 */
export default fp(
  async (app) => {
    const kind: PluginKind<InstalledPeople> = {
      key: 'people',
      async install(step) {
        const state: InstalledPeople = { orgUnits: [], users: [], managers: {} };
        const seed = step.plugin.content.demo;
        const { demo, institutionId, actor, report } = step;
        if (!seed || !demo) {
          Object.assign(report.created, { orgUnits: 0, users: 0 });
          return state;
        }
        const units = new Map<string, ObjectId>();
        for (const unit of seed.orgUnits) {
          const doc = await app.orgUnits.create(
            institutionId,
            {
              code: unit.code,
              name: unit.name,
              kind: unit.kind,
              parentId: unit.parent ? (units.get(unit.parent) ?? null) : null,
            },
            actor,
          );
          units.set(unit.code, doc._id);
          state.orgUnits.push(doc._id.toHexString());
          await step.save(state);
        }
        const person = async (key: string, name: string, role: string, unit: string | null | undefined) => {
          const email = `${key}@${demo.domain}`;
          const doc = await app.users.createWithHash(
            institutionId,
            { email, name, role: role as never, orgUnitId: unit ? (units.get(unit) ?? null) : null },
            demo.passwordHash,
            actor,
          );
          state.users.push(doc._id.toHexString());
          await step.save(state);
          return { id: doc._id, email };
        };
        for (const p of seed.people) {
          const { email } = await person(p.key, p.name, p.role, p.unit);
          report.demoUsers.push({ email, role: p.role });
        }
        for (const m of demo.managers) {
          const { id, email } = await person(m.key, m.name, 'manager', m.unit);
          state.managers[m.key] = id.toHexString();
          await app.managers.create(
            institutionId,
            {
              userId: id,
              grade: m.grade,
              teamRole: m.teamRole,
              supervisorId: null,
              industryGroups: [],
              certifications: [],
              reason: `${step.plugin.manifest.id} demo`,
            },
            actor,
          );
          if (report.demoUsers.filter((u) => u.role === 'manager').length < 3)
            report.demoUsers.push({ email, role: 'manager' });
        }
        Object.assign(report.created, { orgUnits: state.orgUnits.length, users: state.users.length });
        return state;
      },
      async remove(institutionId, state = { orgUnits: [], users: [], managers: {} }) {
        const users = state.users.map((id) => new ObjectId(id));
        await app.managers.removeMany(institutionId, users);
        await app.auth.endSessionsOf(users);
        await app.notifications.removeFor(institutionId, users);
        await app.users.removeMany(institutionId, users);
        await app.orgUnits.removeMany(
          institutionId,
          state.orgUnits.map((id) => new ObjectId(id)),
        );
      },
    };
    app.pluginKinds.register(kind);
  },
  {
    name: 'people-plugin-kind',
    dependencies: [
      'plugin-kinds',
      'users-service',
      'org-units-service',
      'managers-service',
      'auth-service',
      'notifications-service',
    ],
  },
);
