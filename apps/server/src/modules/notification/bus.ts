import { EventEmitter } from 'node:events';
import type { Database } from '../../db/connection.js';

export const NOTIFY_CHANNEL = 'yilian_notifications';

export interface NotificationSignal {
  userId: string;
  id: string;
}

/**
 * Notifications are rows written in the transaction of the change, with a NOTIFY in the same
 * transaction. PostgreSQL delivers the NOTIFY at commit to every process that LISTENs, so a user's
 * open SSE stream on any server hears of it, and hears nothing of a change that rolled back.
 */
export class NotificationBus {
  private readonly emitter = new EventEmitter();
  private stop?: () => Promise<void>;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async start(database: Pick<Database, 'listen'>): Promise<void> {
    this.stop = await database.listen(NOTIFY_CHANNEL, (payload) => {
      try {
        const signal = JSON.parse(payload) as NotificationSignal;
        this.emitter.emit(signal.userId, signal);
      } catch {
        /* not ours */
      }
    });
  }

  subscribe(userId: string, onSignal: (s: NotificationSignal) => void): () => void {
    this.emitter.on(userId, onSignal);
    return () => this.emitter.off(userId, onSignal);
  }

  async close(): Promise<void> {
    await this.stop?.();
    this.emitter.removeAllListeners();
  }
}
