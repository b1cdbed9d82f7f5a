export * from './validated-yaml.ts';
export * from './catalog/sourced.ts';
export * from './catalog/threat-schema.ts';
export * from './catalog/catalog.ts';
export * from './catalog/resolve-threat.ts';
export * from './places.ts';
export * from './catalog/cost-schema.ts';
export * from './catalog/cost-catalog.ts';
