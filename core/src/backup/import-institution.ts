import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BSON, type Db, type Document, ObjectId } from 'mongodb';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  type ArchiveLine,
  BackupError,
  type Manifest,
  NOT_ARCHIVED,
} from './archive-format.js';

/** What was restored. */
export interface ImportReport {
  institution: { id: string; code: string };
  counts: Record<string, number>;
  /** The Rapport version that wrote the archive. */
  coreVersion: string;
}

const BATCH = 500;

// Canonical Extended JSON back to BSON values: Int32 stays Int32, a whole Double stays a Double.
const documentOf = (d: unknown) => BSON.EJSON.deserialize(d as Document, { relaxed: false }) as Document;

function manifestOf(first: ArchiveLine): Manifest {
  if (!('manifest' in first) || first.manifest.format !== ARCHIVE_FORMAT)
    throw new BackupError('this is not a Rapport institution archive');
  if (first.manifest.formatVersion > ARCHIVE_FORMAT_VERSION)
    throw new BackupError(
      `the archive is of format ${first.manifest.formatVersion}, written by Rapport ${first.manifest.coreVersion}; this Rapport reads format ${ARCHIVE_FORMAT_VERSION}: upgrade first`,
    );
  return first.manifest;
}

/** Refuses, naming each, what the platform already holds: the institution's id or code, a user's email. */
async function assertAbsent(db: Db, manifest: Manifest, users: Document[]): Promise<void> {
  const { id, code } = manifest.institution;
  const conflicts: string[] = [];
  if (await db.collection('institutions').findOne({ _id: new ObjectId(id) }))
    conflicts.push(`institution id ${id} exists`);
  const sameCode = await db.collection('institutions').findOne({ code });
  if (sameCode) conflicts.push(`institution code "${code}" is used by ${sameCode._id.toHexString()}`);
  const emails = users.map((u) => u.email as string);
  const taken = await db
    .collection('users')
    .find({ email: { $in: emails } }, { projection: { email: 1 } })
    .toArray();
  if (taken.length > 0) conflicts.push(`user emails in use: ${taken.map((u) => u.email).join(', ')}`);
  if (conflicts.length > 0)
    throw new BackupError(`cannot import institution "${code}" (${id}): ${conflicts.join('; ')}`);
}

/**
 * Restores an archive of exportInstitution into a platform that holds neither the institution
 * nor its users' emails. All or nothing: on any failure what was inserted is removed again.
 */
export async function importInstitution(db: Db, archive: Readable | Buffer): Promise<ImportReport> {
  const source = Buffer.isBuffer(archive) ? Readable.from([archive]) : archive;
  const text = createInterface({ input: source.pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  const inserted = new Map<string, ObjectId[]>();
  const counts: Record<string, number> = {};
  const insert = async (collection: string, docs: Document[]) => {
    if (docs.length === 0 || NOT_ARCHIVED.has(collection)) return;
    const ids = inserted.get(collection) ?? [];
    inserted.set(collection, ids);
    await db.collection(collection).insertMany(docs, { ordered: true });
    ids.push(...docs.map((d) => d._id as ObjectId));
    counts[collection] = (counts[collection] ?? 0) + docs.length;
  };

  try {
    let manifest: Manifest | undefined;
    let trailer: Record<string, number> | undefined;
    // The institution and its users come first: held back and checked before anything is written.
    const head: Record<'institutions' | 'users', Document[]> = { institutions: [], users: [] };
    let checked = false;
    let batch: { collection: string; docs: Document[] } = { collection: '', docs: [] };
    for await (const raw of text) {
      if (!raw) continue;
      const line = JSON.parse(raw) as ArchiveLine;
      if (!manifest) {
        manifest = manifestOf(line);
        continue;
      }
      if ('end' in line) {
        trailer = line.end.counts;
        break;
      }
      if (!('c' in line))
        throw new BackupError('the archive holds a line that is neither a document nor its end');
      if (!checked && (line.c === 'institutions' || line.c === 'users')) {
        head[line.c].push(documentOf(line.d));
        continue;
      }
      if (!checked) {
        await assertAbsent(db, manifest, head.users);
        await insert('institutions', head.institutions);
        await insert('users', head.users);
        checked = true;
      }
      if (batch.collection !== line.c || batch.docs.length >= BATCH) {
        await insert(batch.collection, batch.docs);
        batch = { collection: line.c, docs: [] };
      }
      batch.docs.push(documentOf(line.d));
    }
    if (!manifest) throw new BackupError('this is not a Rapport institution archive');
    if (!checked) {
      await assertAbsent(db, manifest, head.users);
      await insert('institutions', head.institutions);
      await insert('users', head.users);
    }
    await insert(batch.collection, batch.docs);
    if (!trailer) throw new BackupError('the archive is truncated: its end line is missing');
    for (const [name, count] of Object.entries(trailer)) {
      if ((counts[name] ?? 0) !== count)
        throw new BackupError(
          `the archive is damaged: ${name} should hold ${count} documents, it holds ${counts[name] ?? 0}`,
        );
    }
    return { institution: manifest.institution, counts, coreVersion: manifest.coreVersion };
  } catch (err) {
    for (const [collection, ids] of inserted)
      await db.collection(collection).deleteMany({ _id: { $in: ids } });
    throw err;
  }
}
