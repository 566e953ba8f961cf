// The layering `npm test` enforces (npm run layering): no import cycles, type-only imports included;
// the UIs never import the server; industry plugins reach the core only through its plugin API;
// capabilities of the core meet only at each other's public surface.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means two modules cannot be understood, tested or moved apart: cut it along its seam.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'ui-never-imports-the-server',
      severity: 'error',
      comment: 'The UIs speak to the server over HTTP only; shared words and views live in @rapport/schemas.',
      from: { path: '^(admin-ui|portal-ui|ui-shared)/' },
      to: { path: ['^(core|embedded-mongo)/', '^@rapport/(core|embedded-mongo)(/|$)'] },
    },
    {
      name: 'plugins-use-the-plugin-api-only',
      severity: 'error',
      comment:
        "An industry plugin's server code may use @rapport/core/plugin (definePlugin, PluginApi), nothing else of the core.",
      from: { path: '^plugins/' },
      to: {
        path: ['^core/', '^embedded-mongo/', '^@rapport/(core|embedded-mongo)(/|$)'],
        pathNot: ['^core/src/plugin-api\\.ts$', '^@rapport/core/plugin$'],
      },
    },
    {
      name: 'capabilities-meet-at-their-public-surface',
      severity: 'error',
      comment:
        "A capability of the core (a folder of core/src; appraisal's subfolders each count as one, sharing appraisal's scoring modules) uses another only through what it publishes: its composed service or plugin and the pure modules named here, never its routes, its parts (*-service.ts, model.ts, engine…) nor its plugin kind. Tests may reach further.",
      from: { path: '^core/src/((?:appraisal/)?[^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^core/src/(?:appraisal/)?[^/]+/',
        pathNot: [
          '^core/src/$1/',
          '^core/src/infra/',
          '^core/src/appraisal/[^/]+\\.ts$',
          '/(service|plugin|kinds|guard|passwords|views?|defaults|grades|org-units|facts|classify|plans|schema-guard|export)\\.ts$',
        ],
      },
    },
    {
      name: 'the-server-never-imports-a-ui',
      severity: 'error',
      from: { path: '^(core|embedded-mongo|schemas)/' },
      to: { path: ['^(admin-ui|portal-ui|ui-shared)/', '^@rapport/(admin-ui|portal-ui|ui-shared)(/|$)'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      conditionNames: ['source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
