import type { Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';

/** One step of the journal: a kind's install, upgrade, archive or removal starting, done or failed. */
export interface JournalEntry {
  kind: string;
  step: 'install' | 'upgrade' | 'archive' | 'remove';
  status: 'started' | 'done' | 'failed';
  at: Date;
  error?: string;
}

export interface InstallDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  pluginId: string;
  version: string;
  status: 'installing' | 'enabled' | 'disabled';
  /**
   * Per kind, what it installed (`state`, saved as it goes) and what the institution had before
   * (`snapshot`): what upgrade starts from and uninstall takes back out, even after a failure part-way.
   */
  kinds: Record<string, { state?: unknown; snapshot?: unknown }>;
  journal: JournalEntry[];
  installedAt: Date;
  installedBy: Actor;
  rev: number;
  updatedAt: Date;
}

/** What an install recorded before the kinds: the ids it made, and the settings it replaced. */
interface LegacyContents {
  forms: { key: string; id: string; hash: string; draftHash: string }[];
  workflows: { key: string; id: string; hash: string; rev: number }[];
  indicators: string[];
  sets: string[];
  cycles: string[];
  auditPlans: string[];
  orgUnits: string[];
  users: string[];
  customers: string[];
  previous: { grades: unknown[]; customerSettings: unknown };
}

/**
 * Installs recorded before the kinds (one `contents` list of ids) are rewritten once, at start, as
 * the kinds' states and snapshots, so they upgrade and uninstall like any other.
 */
export async function convertLegacyInstalls(installs: Collection<InstallDoc>): Promise<number> {
  const legacy = await installs
    .find({ contents: { $exists: true }, kinds: { $exists: false } } as never)
    .toArray();
  for (const doc of legacy) {
    const c = (doc as unknown as { contents: LegacyContents }).contents;
    const kinds: InstallDoc['kinds'] = {
      forms: { state: c.forms },
      workflows: { state: c.workflows },
      indicators: { state: { indicators: c.indicators, sets: c.sets } },
      grades: { state: { grades: [] }, snapshot: c.previous.grades },
      people: { state: { orgUnits: c.orgUnits, users: c.users, managers: {} } },
      customers: { state: { customers: c.customers }, snapshot: c.previous.customerSettings },
      cycles: { state: { cycles: c.cycles } },
      'audit-plans': { state: { auditPlans: c.auditPlans } },
    };
    await installs.updateOne({ _id: doc._id }, {
      $set: { kinds, journal: [] },
      $unset: { contents: '' },
    } as never);
  }
  return legacy.length;
}
