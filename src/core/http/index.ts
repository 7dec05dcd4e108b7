export * from './types';
export * from './headers';
export * from './origin';
