/** What every part of the order path works over: the database, its order ledger, the broker, time. */
import type { Broker } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { Db } from "../db/database.js";
import type { IntentsRepo } from "../db/intents-repo.js";
import type { TradesRepo } from "../db/trades-repo.js";

export interface OrderLedgerDeps {
  db: Db;
  intents: IntentsRepo;
  trades: TradesRepo;
  broker: Broker;
  clock: Clock;
  logger?: Logger;
}
