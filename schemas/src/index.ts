export * from './form-definition.js';
export * from './form-expressions.js';
export * from './form-fields.js';
export * from './form-keywords.js';
export * from './indicator.js';
export * from './vocabulary.js';
export * from './workflow-actors.js';
export * from './workflow-definition.js';
