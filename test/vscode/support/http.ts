// Loopback HTTP servers for the integration tests: listen on a free port, close with their connections.
import type * as http from 'http';
import type { AddressInfo } from 'net';

export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
