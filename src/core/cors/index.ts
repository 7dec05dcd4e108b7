// The pure CORS engine: classify what the wire shows and judge it as Chromium would.
export * from './types';
export { isPreflightRequest, classifyRequest } from './classify';
export { judgeFlow } from './flow';
export { applyChanges, applyToResponse } from './fix';
export { normalizeMethod, isSafelistedHeader, isSafelistedMethod, isForbiddenHeaderName, corsUnsafeHeaderNames } from './safelist';
export { initiatorFromWire, initiatorFromResourceType, consoleName, type Initiator, type InitiatorKind } from './initiator';
export { chromiumHeaderOrder } from './header-order';
