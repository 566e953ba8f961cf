export { type AppOptions, buildApp, VERSION } from './app.js';
export { firstStart } from './bootstrap.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { assertNoEviction, freePort, type PrivateRedis, startPrivateRedis } from './infra/redis-server.js';
export { definePlugin, type PluginApi, type PluginServer } from './plugin-api.js';
export {
  checkPlugin,
  type LoadedPlugin,
  type PluginProblem,
  pluginDirs,
  readPlugin,
} from './plugins/loader.js';
