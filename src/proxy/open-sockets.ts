// The sockets one proxy keeps open beyond Node's own connection list (WebSocket and
// CONNECT tunnels, both ends), so that close() can end them: Node's server forgets a
// socket once it has been upgraded or tunnelled.
import type { Duplex } from 'node:stream';

export class OpenSockets {
  private readonly sockets = new Set<Duplex>();

  /** Keeps `socket` until it closes. A bound function: contexts pass it on as `track`. */
  readonly track = (socket: Duplex): void => {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  };

  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}
