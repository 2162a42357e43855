/**
 * The alert notifier: sends each alert — already kept in the database — on to every configured
 * channel in the background. Each channel has its own bounded queue and sender loop, so a slow or
 * down receiver holds back neither the caller nor the other channels. Failures are retried with
 * exponential backoff; each channel is rate-limited; nothing here throws into the caller.
 */
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Alert } from "../../db/alerts-repo.js";

export interface OutgoingAlert extends Alert {
  /** where a person acts on it (the console's run page), when CONSOLE_URL is set */
  link?: string;
}

export interface AlertChannel {
  /** "webhook", "slack", "email": never the URL (it carries the secret) */
  readonly name: string;
  /** Rejects when the receiver did not take the alert. */
  send(alert: OutgoingAlert): Promise<void>;
  close?(): void;
}

export interface NotifierOptions {
  channels: AlertChannel[];
  log: Logger;
  /** alerts waiting per channel; the oldest is dropped beyond it. @defaultValue 200 */
  maxQueue?: number;
  /** tries per alert and channel. @defaultValue 3 */
  attempts?: number;
  /** first retry delay, doubled on each further one. @defaultValue 1_000 */
  backoffMs?: number;
  /** sends per channel per minute; beyond it alerts stay in the database only. @defaultValue 30 */
  perMinute?: number;
  now?: () => number;
}

export interface NotifierStats {
  sent: number;
  failed: number;
  dropped: number;
}

export interface Notifier {
  /** the configured channels' names */
  readonly channels: string[];
  /** Queues the alert on every channel and returns at once. */
  publish(alert: OutgoingAlert): void;
  /** Resolves once every queue is empty, or after timeoutMs, whichever is first. */
  drain(timeoutMs: number): Promise<void>;
  stats(): NotifierStats;
  close(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class ChannelSender {
  private readonly queue: OutgoingAlert[] = [];
  private readonly sentAt: number[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly channel: AlertChannel,
    private readonly options: Required<Omit<NotifierOptions, "channels">>,
    private readonly stats: NotifierStats,
  ) {}

  enqueue(alert: OutgoingAlert): void {
    if (this.queue.length >= this.options.maxQueue) {
      const dropped = this.queue.shift();
      this.stats.dropped++;
      this.options.log.warn("alert queue full: oldest alert not sent (it stays in the database)", {
        channel: this.channel.name,
        alertId: dropped?.id,
      });
    }
    this.queue.push(alert);
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    for (let alert = this.queue.shift(); alert; alert = this.queue.shift()) {
      if (!this.withinRate()) {
        this.stats.dropped++;
        this.options.log.warn("alert rate limit reached: not sent (it stays in the database)", {
          channel: this.channel.name,
          alertId: alert.id,
          code: alert.code,
        });
        continue;
      }
      await this.deliver(alert);
    }
  }

  private withinRate(): boolean {
    const now = this.options.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 60_000) this.sentAt.shift();
    if (this.sentAt.length >= this.options.perMinute) return false;
    this.sentAt.push(now);
    return true;
  }

  private async deliver(alert: OutgoingAlert): Promise<void> {
    const { attempts, backoffMs, log } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.channel.send(alert);
        this.stats.sent++;
        return;
      } catch (err) {
        if (attempt >= attempts) {
          this.stats.failed++;
          log.warn("alert not delivered (it stays in the database)", {
            channel: this.channel.name,
            alertId: alert.id,
            code: alert.code,
            attempts,
            error: errorMessage(err),
          });
          return;
        }
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}

export function createNotifier(options: NotifierOptions): Notifier {
  const settings = {
    maxQueue: 200,
    attempts: 3,
    backoffMs: 1_000,
    perMinute: 30,
    now: Date.now,
    ...options,
    log: options.log.child({ module: "alerts" }),
  };
  const stats: NotifierStats = { sent: 0, failed: 0, dropped: 0 };
  const senders = options.channels.map((c) => new ChannelSender(c, settings, stats));
  return {
    channels: options.channels.map((c) => c.name),
    publish(alert) {
      for (const sender of senders) sender.enqueue(alert);
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      // A sender's loop runs until its queue is empty, alerts queued meanwhile included.
      await Promise.race([Promise.all(senders.map((s) => s.idle())), deadline]);
      clearTimeout(timer);
    },
    stats: () => ({ ...stats }),
    close() {
      for (const c of options.channels) c.close?.();
    },
  };
}
