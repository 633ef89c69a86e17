/** Layer rules: dependencies point inward, and the domain imports no framework or adapter. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports nothing but zod and node built-ins: no framework, no adapter, no other lib.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$|^libs/domain/testing/' },
      to: {
        pathNot: '^libs/domain/|^node_modules/zod/|^node_modules/@types/node/',
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-do-not-import-nest',
      comment: 'Nest lives in apps/; libs stay framework-free so every process (api, ingest, projector, bench) can use them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^node_modules/@nestjs/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
