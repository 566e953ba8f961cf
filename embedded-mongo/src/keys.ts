import type { Document } from 'bson';

/**
 * Order-preserving index keys: the bytes of two keys compare (memcmp, as SQLite compares BLOBs) as
 * MongoDB compares the values, across types (MinKey < null < numbers < strings < objects < arrays <
 * binData < ObjectId < booleans < dates < timestamps < regexes < MaxKey). Every value's encoding is
 * self-delimiting, so a compound key is the concatenation of its fields, and a descending field is
 * its bytes inverted.
 */

/** Type tags in MongoDB's cross-type comparison order. */
export const TypeTag = {
  minKey: 0x05,
  null: 0x0a,
  number: 0x14,
  string: 0x1e,
  object: 0x28,
  array: 0x32,
  binData: 0x3c,
  objectId: 0x46,
  boolean: 0x50,
  date: 0x5a,
  timestamp: 0x64,
  regex: 0x6e,
  maxKey: 0xf0,
} as const;

export type TypeTagName = keyof typeof TypeTag;

/** Turns a string into its key form under an index's collation; identity for simple binary order. */
export type StringKey = (value: string) => string;

const NUMBER_BYTES = 9;

function bsonType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/** The comparison bracket of a value (its type tag), as MongoDB orders types. */
export function typeTagOf(value: unknown): number {
  if (value === null || value === undefined) return TypeTag.null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeTag.number;
    case 'string':
      return TypeTag.string;
    case 'boolean':
      return TypeTag.boolean;
  }
  if (value instanceof Date) return TypeTag.date;
  if (value instanceof RegExp) return TypeTag.regex;
  if (Array.isArray(value)) return TypeTag.array;
  if (value instanceof Uint8Array) return TypeTag.binData;
  switch (bsonType(value)) {
    case 'ObjectId':
      return TypeTag.objectId;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return TypeTag.number;
    case 'Binary':
      return TypeTag.binData;
    case 'Timestamp':
      return TypeTag.timestamp;
    case 'MinKey':
      return TypeTag.minKey;
    case 'MaxKey':
      return TypeTag.maxKey;
    case 'BSONRegExp':
      return TypeTag.regex;
    case 'BSONSymbol':
      return TypeTag.string;
  }
  return TypeTag.object;
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const type = bsonType(value);
  if (type === 'Long') return (value as { toNumber(): number }).toNumber();
  if (type === 'Decimal128') return Number((value as { toString(): string }).toString());
  return Number((value as { valueOf(): number }).valueOf());
}

/** A double whose bytes sort as the numbers do; NaN sorts below every number, as in MongoDB. */
function writeNumber(out: number[], value: number): void {
  out.push(TypeTag.number);
  if (Number.isNaN(value)) {
    out.push(...new Array(NUMBER_BYTES - 1).fill(0));
    return;
  }
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(Object.is(value, -0) ? 0 : value);
  if (value >= 0) bytes[0] = (bytes[0] as number) ^ 0x80;
  else for (let i = 0; i < 8; i++) bytes[i] = ~(bytes[i] as number) & 0xff;
  // NaN's zeros must stay below -Infinity, whose bytes start 0x00 0x0f.
  out.push(...bytes);
}

/** Bytes terminated by 0x00 0x00, a 0x00 inside escaped as 0x00 0xff: shorter prefixes sort first. */
function writeTerminated(out: number[], bytes: Uint8Array): void {
  for (const byte of bytes) {
    out.push(byte);
    if (byte === 0) out.push(0xff);
  }
  out.push(0, 0);
}

function writeValue(out: number[], value: unknown, stringKey: StringKey): void {
  const tag = typeTagOf(value);
  switch (tag) {
    case TypeTag.null:
    case TypeTag.minKey:
    case TypeTag.maxKey:
      out.push(tag);
      return;
    case TypeTag.number:
      writeNumber(out, numberOf(value));
      return;
    case TypeTag.string:
      out.push(tag);
      writeTerminated(out, Buffer.from(stringKey(String(value)), 'utf8'));
      return;
    case TypeTag.boolean:
      out.push(tag, value ? 1 : 0);
      return;
    case TypeTag.date: {
      out.push(tag);
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(BigInt((value as Date).getTime()));
      bytes[0] = (bytes[0] as number) ^ 0x80;
      out.push(...bytes);
      return;
    }
    case TypeTag.objectId:
      out.push(tag, ...(value as { id: Uint8Array }).id);
      return;
    case TypeTag.timestamp: {
      out.push(tag);
      const ts = value as { high: number; low: number };
      const bytes = Buffer.alloc(8);
      bytes.writeUInt32BE(ts.high >>> 0, 0);
      bytes.writeUInt32BE(ts.low >>> 0, 4);
      out.push(...bytes);
      return;
    }
    case TypeTag.binData: {
      const binary = value instanceof Uint8Array ? { buffer: value, sub_type: 0 } : (value as Document);
      const bytes = binary.buffer as Uint8Array;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      // MongoDB orders binData by length, then subtype, then bytes.
      out.push(tag, ...length, Number(binary.sub_type ?? 0) & 0xff, ...bytes);
      return;
    }
    case TypeTag.regex: {
      const source = value instanceof RegExp ? value.source : String((value as Document).pattern);
      const flags = value instanceof RegExp ? value.flags : String((value as Document).options);
      out.push(tag);
      writeTerminated(out, Buffer.from(source, 'utf8'));
      writeTerminated(out, Buffer.from(flags, 'utf8'));
      return;
    }
    case TypeTag.array:
      out.push(tag);
      for (const item of value as unknown[]) writeValue(out, item, stringKey);
      out.push(0);
      return;
    default:
      out.push(tag);
      for (const [name, field] of Object.entries(value as Document)) {
        if (field === undefined) continue;
        // Embedded documents compare element by element: the value's type, the name, then the value.
        out.push(typeTagOf(field));
        writeTerminated(out, Buffer.from(name, 'utf8'));
        writeValue(out, field, stringKey);
      }
      out.push(0);
  }
}

const simple: StringKey = (value) => value;

/** The key bytes of one value, ascending. */
export function encodeValue(value: unknown, stringKey: StringKey = simple): Buffer {
  const out: number[] = [];
  writeValue(out, value, stringKey);
  return Buffer.from(out);
}

/** Inverts bytes so a descending field sorts backwards under memcmp. */
export function invert(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ~(bytes[i] as number) & 0xff;
  return out;
}

/** A compound key: each field's value encoded, inverted where the index field is descending. */
export function encodeCompound(
  values: unknown[],
  descending: boolean[],
  stringKey: StringKey = simple,
): Buffer {
  return Buffer.concat(
    values.map((value, i) => {
      const bytes = encodeValue(value, stringKey);
      return descending[i] ? invert(bytes) : bytes;
    }),
  );
}

/** The lowest and highest key bytes of a type bracket: every value of the type sorts between them. */
export function bracketOf(tag: number): { low: Buffer; high: Buffer } {
  return {
    low: Buffer.from([tag]),
    high: Buffer.from([tag, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  };
}

/** The smallest byte string greater than every string starting with `bytes`. */
export function successor(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.from([0xff])]);
}
