import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPlugin, pluginDirs, readPlugin } from '@rapport/core';
import { describe, expect, it } from 'vitest';

/** The contract every plugin in plugins/ keeps; a new plugin is covered by being there. */
const root = fileURLToPath(new URL('../../plugins', import.meta.url));
const dirs = await pluginDirs(root);

describe('the plugin contract', () => {
  it('finds the plugins', () => {
    expect(dirs.map((d) => path.basename(d))).toEqual(expect.arrayContaining(['banking', 'postal', 'tech']));
  });

  describe.each(dirs.map((d) => [path.basename(d), d]))('%s', (_name, dir) => {
    it('has a valid manifest, forms that compile, workflows naming existing forms and roles, sets whose weights total 100, and seeds that fit', async () => {
      const { plugin, problems } = await readPlugin(dir);
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
      if (!plugin) throw new Error('no plugin read');
      const content = checkPlugin(plugin);
      expect(content, JSON.stringify(content, null, 2)).toEqual([]);
    });
  });
});
