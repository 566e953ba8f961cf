import { createHash } from 'node:crypto';
import type { Message } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import type { UserDoc } from '../users/service.js';
import type { DemoData } from './demo-seed.js';
import type { LoadedPlugin, PluginProblem } from './loader.js';

declare module 'fastify' {
  interface FastifyInstance {
    pluginKinds: PluginKinds;
  }
}

/** Where content came from, on what a plugin put into an institution. */
export interface Source {
  plugin: string;
  version: string;
}

/** A hash of a plugin's content, to tell on upgrade what the new version changed. */
export const contentHashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** What installing has to say, filled in by each kind as it goes. */
export interface InstallReport {
  plugin: string;
  version: string;
  created: Record<string, number>;
  skipped: { what: string; reason: Message }[];
  /** Demo sign-ins (one password for all), shown once. */
  demoPassword: string | null;
  demoUsers: { email: string; role: string }[];
}

/** The demo an install was asked for: generated once by the host, each kind installs its part. */
export interface DemoRequest extends DemoData {
  /** The hash of the one demo password (scrypt is slow on purpose, so hashed once). */
  passwordHash: string;
  /** The e-mail domain of the demo's people. */
  domain: string;
}

/** One kind's step of one install: what it installs, for whom, and how it records progress. */
export interface KindStep<S> {
  institutionId: ObjectId;
  plugin: LoadedPlugin;
  /** The admin installing (some services check what the caller may reach). */
  user: UserDoc;
  actor: Actor;
  source: Source;
  demo: DemoRequest | null;
  report: InstallReport;
  /** What a kind installed earlier in this install recorded (kinds name what they come after). */
  earlier<T>(key: string): T | undefined;
  /** Journals what is installed so far, so a failure part-way leaves what uninstall takes back out. */
  save(state: S): Promise<void>;
}

/** What upgrading one kind did, merged into the upgrade report. */
export interface KindUpgrade<S> {
  state: S;
  added?: string[];
  updated?: string[];
  /** Content the institution had changed since install, now superseded in the draft. */
  changedByInstitution?: string[];
  /** Indicators the institution already had, kept as they were. */
  keptIndicators?: string[];
}

/**
 * A kind of content a plugin can bring. The capability that owns the content registers it from its
 * own folder; the plugin host only loops over kinds, in order, and journals each step.
 */
export interface PluginKind<S = unknown, Snap = unknown> {
  key: string;
  /** Kinds whose content this one refers to: they are installed before it and removed after it. */
  after?: string[];
  /** Problems installing would meet in this institution, before anything is written. */
  check?(institutionId: ObjectId, plugin: LoadedPlugin): Promise<PluginProblem[]>;
  /** What the institution had before installing (settings a plugin replaces), restored on removal. */
  snapshot?(institutionId: ObjectId): Promise<Snap>;
  /** Installs this kind's content; returns what it made (journalled, then given to the other steps). */
  install(step: KindStep<S>): Promise<S>;
  /** Brings content to the plugin's new version; without it, what was installed stays as it is. */
  upgrade?(step: KindStep<S>, state: S): Promise<KindUpgrade<S>>;
  /** How much of the institution's data depends on what was installed, by name. */
  dependents?(institutionId: ObjectId, state: S): Promise<Record<string, number>>;
  /** Retires what was installed while keeping the data that depends on it. */
  archive?(institutionId: ObjectId, state: S, actor: Actor): Promise<void>;
  /**
   * Takes out what was installed and puts back the snapshot. `state` is missing when the install
   * failed before this kind saved anything (its snapshot still goes back).
   */
  remove(
    institutionId: ObjectId,
    state: S | undefined,
    snapshot: Snap | undefined,
    actor: Actor,
  ): Promise<void>;
}

/** The registry of installable kinds, in dependency order. */
export class PluginKinds {
  private readonly kinds = new Map<string, PluginKind>();

  register<S, Snap>(kind: PluginKind<S, Snap>): void {
    if (this.kinds.has(kind.key)) throw new Error(`plugin kind "${kind.key}" is registered twice`);
    this.kinds.set(kind.key, kind as PluginKind);
  }

  /** Every kind in the order registered, each moved after the kinds it names (those not registered are ignored). */
  ordered(): PluginKind[] {
    const out: PluginKind[] = [];
    const placing = new Set<string>();
    const place = (kind: PluginKind) => {
      if (out.includes(kind)) return;
      if (placing.has(kind.key)) throw new Error(`plugin kinds depend on each other: ${kind.key}`);
      placing.add(kind.key);
      for (const key of kind.after ?? []) {
        const before = this.kinds.get(key);
        if (before) place(before);
      }
      out.push(kind);
    };
    for (const kind of this.kinds.values()) place(kind);
    return out;
  }
}

export default fp(
  async (app) => {
    app.decorate('pluginKinds', new PluginKinds());
  },
  { name: 'plugin-kinds' },
);
