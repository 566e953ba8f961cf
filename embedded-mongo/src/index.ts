export { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from './server.js';
export { DB_FILE_NAME } from './storage.js';
export { startEmbeddedMongoThread } from './thread.js';
