export { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from './server.js';
export { DB_FILE_NAME } from './storage.js';
export { type EmbeddedMongoThreadOptions, startEmbeddedMongoThread } from './thread.js';
