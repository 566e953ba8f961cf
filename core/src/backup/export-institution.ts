import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { BSON, type Db, ObjectId } from 'mongodb';
import { VERSION } from '../app.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  type ArchiveLine,
  BackupError,
  type Manifest,
  NOT_ARCHIVED,
  ofInstitution,
} from './archive-format.js';

const line = (value: ArchiveLine) => `${JSON.stringify(value)}\n`;

async function* linesOf(db: Db, institutionId: ObjectId): AsyncGenerator<string> {
  const institution = await db.collection('institutions').findOne({ _id: institutionId });
  if (!institution) throw new BackupError(`no institution ${institutionId.toHexString()} in this platform`);
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    coreVersion: VERSION,
    exportedAt: new Date().toISOString(),
    institution: { id: institutionId.toHexString(), code: String(institution.code) },
  };
  yield line({ manifest });
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.') && !NOT_ARCHIVED.has(name))
    .sort();
  // The institution and its users first: an import checks them for conflicts before the rest.
  const ordered = ['institutions', 'users', ...names.filter((n) => n !== 'institutions' && n !== 'users')];
  const counts: Record<string, number> = {};
  for (const name of ordered) {
    const cursor = db.collection(name).find(ofInstitution(name, institutionId)).sort({ _id: 1 });
    for await (const d of cursor) {
      counts[name] = (counts[name] ?? 0) + 1;
      yield line({ c: name, d: BSON.EJSON.serialize(d, { relaxed: false }) });
    }
  }
  yield line({ end: { counts } });
}

/**
 * Every document of one institution, collection by collection, as a gzipped archive (see
 * archive-format.ts). Not a point-in-time snapshot: export a platform nobody is writing to.
 */
export function exportInstitution(db: Db, institutionId: ObjectId | string): Readable {
  const id = typeof institutionId === 'string' ? new ObjectId(institutionId) : institutionId;
  // The callback form returns the gzip stream; an error (no such institution) destroys it with the error.
  return pipeline(Readable.from(linesOf(db, id)), createGzip(), () => {});
}
