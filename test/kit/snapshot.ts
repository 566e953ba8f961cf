import { ObjectId } from 'mongodb';
import { rawDb } from './index.js';

/**
 * Everything the database holds about one institution, collection by collection, read with the
 * official driver: to compare before and after (an install and uninstall, an attack). The activity
 * log is left out (it records what happened, by design) and so is `updatedAt`.
 */
export async function institutionSnapshot(
  dbName: string,
  institutionId: string,
): Promise<Record<string, unknown[]>> {
  const raw = await rawDb(dbName);
  const id = new ObjectId(institutionId);
  const out: Record<string, unknown[]> = {};
  try {
    for (const { name } of await raw.db.listCollections().toArray()) {
      if (name === 'events') continue;
      const docs = await raw.db
        .collection(name)
        .find({ institutionId: id }, { projection: { updatedAt: 0 } })
        .sort({ _id: 1 })
        .toArray();
      if (docs.length > 0) out[name] = docs;
    }
  } finally {
    await raw.close();
  }
  return out;
}
