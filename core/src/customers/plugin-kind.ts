import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import type { PluginKind } from '../plugins/kinds.js';
import type { NewFact } from './facts.js';
import type { CustomerSettingsDoc } from './service.js';

/**
 * Customer settings (kinds, industry groups, classification rules, the file, visit and weekly forms)
 * and, with the demo, customers with a year of monthly business. Removal takes the customers out with
 * their facts and visits and puts the institution's settings back.
 */
export default fp(
  async (app) => {
    const kind: PluginKind<{ customers: string[] }, CustomerSettingsDoc | null> = {
      key: 'customers',
      after: ['forms', 'people'],
      snapshot: (institutionId) => app.customers.storedSettings(institutionId),
      async install(step) {
        const { institutionId, actor } = step;
        const content = step.plugin.content.customers;
        if (content) {
          const current = await app.customers.settings(institutionId);
          await app.customers.saveSettings(
            institutionId,
            current.rev,
            {
              fileFormKey: content.fileFormKey ?? null,
              visitFormKey: content.visitFormKey ?? null,
              weeklyFormKey: content.weeklyFormKey ?? null,
              kinds: content.kinds,
              industryGroups: content.industryGroups,
              rules: {
                windowDays: content.rules.windowDays,
                frequentMinTransactions: content.rules.frequent,
                occasionalMinTransactions: content.rules.occasional,
                largeMinVolume: content.rules.large,
                mediumMinVolume: content.rules.medium,
              },
              timeZone: current.timeZone,
            },
            actor,
          );
        }
        // The people kind made the demo's managers: their user ids by generated key.
        const managers = step.earlier<{ managers: Record<string, string> }>('people')?.managers ?? {};
        if (!step.demo || step.demo.customers.length === 0) {
          step.report.created.customers = 0;
          return { customers: [] };
        }
        // A demo customer has been one since its first month of business, not since the install.
        const today = new Date();
        const monthStart = (monthsAgo: number) =>
          new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsAgo, 1));
        const customers = step.demo.customers;
        const created = await app.customers.createMany(
          institutionId,
          customers.map((c) => ({
            code: c.code,
            name: c.name,
            kind: c.kind,
            industryGroup: c.industryGroup,
            fileData: c.fileData,
            relationshipManagerId: new ObjectId(managers[c.manager]),
            productSpecialistIds: [],
            since: monthStart(c.months.length - 1),
          })),
          step.user,
          actor,
        );
        const state = { customers: created.map((c) => c._id.toHexString()) };
        await step.save(state);
        // Transactions are counted, one fact each, spread over the month.
        const facts: (NewFact & { customerId: ObjectId })[] = [];
        customers.forEach((c, index) => {
          const customerId = (created[index] as { _id: ObjectId })._id;
          c.months.forEach((month, i) => {
            const date = monthStart(c.months.length - 1 - i);
            const fact = { customerId, product: month.product, externalId: null };
            if (month.volume > 0) facts.push({ ...fact, date, kind: 'volume', amount: month.volume });
            for (let n = 0; n < month.transactions; n++)
              facts.push({
                ...fact,
                date: new Date(date.getTime() + Math.floor((n * 28) / month.transactions) * 86_400_000),
                kind: 'transaction',
                amount: Math.round(month.volume / month.transactions),
              });
          });
        });
        await app.customerFacts.recordMany(institutionId, facts, actor);
        step.report.created.customers = state.customers.length;
        return state;
      },
      async remove(institutionId, state = { customers: [] }, snapshot) {
        const ids = state.customers.map((id) => new ObjectId(id));
        await app.customerFacts.removeOf(institutionId, ids);
        await app.customerVisits.removeOf(institutionId, ids);
        await app.customers.removeMany(institutionId, ids);
        if (snapshot !== undefined) await app.customers.restoreSettings(institutionId, snapshot);
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'customers-plugin-kind', dependencies: ['plugin-kinds', 'customers-service'] },
);
