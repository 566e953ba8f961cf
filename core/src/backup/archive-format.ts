import type { ObjectId } from 'mongodb';

/** What an institution archive says about itself: its first line. */
export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  /** The Rapport version that wrote it. */
  coreVersion: string;
  exportedAt: string;
  institution: { id: string; code: string };
}

/** The archive's last line: documents per collection, so a truncated archive is refused. */
export interface Trailer {
  counts: Record<string, number>;
}

/**
 * An archive is gzipped JSON lines: `{"manifest": …}`, then `{"c": collection, "d": document}` with
 * each document in canonical Extended JSON (ObjectIds, Dates and number types come back as they
 * were), then `{"end": {"counts": …}}`.
 */
export type ArchiveLine = { manifest: Manifest } | { c: string; d: unknown } | { end: Trailer };

export const ARCHIVE_FORMAT = 'rapport-institution';
export const ARCHIVE_FORMAT_VERSION = 1;

/**
 * Collections not carried over: sessions and login attempts are short-lived credentials and
 * rate-limit state, not the institution's data; the restored users sign in again.
 */
export const NOT_ARCHIVED = new Set(['sessions', 'login_attempts']);

/** The filter of an institution's documents in a collection. */
export function ofInstitution(collection: string, id: ObjectId): Record<string, unknown> {
  return collection === 'institutions' ? { _id: id } : { institutionId: id };
}

/** An archive that cannot be written or restored, with the reason in words for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}
