/**
 * The read-only ledger tools the reflection graph's investigation is bound to: trades of a period,
 * one run with its model calls and risk events, prompt versions with their results, realised P&L
 * by symbol or rule. They read the local database only; none writes.
 */
import type { StructuredToolInterface } from "@langchain/core/tools";
import { createGetPromptVersionsTool } from "./ledger/get-prompt-versions.js";
import { createGetRealisedPnlTool } from "./ledger/get-realised-pnl.js";
import { createGetRunTool } from "./ledger/get-run.js";
import { createGetTradesTool } from "./ledger/get-trades.js";
import type { LedgerReader } from "./ledger/ledger-port.js";

export function createLedgerTools(ledger: LedgerReader): StructuredToolInterface[] {
  return [
    createGetTradesTool({ ledger }),
    createGetRunTool({ ledger }),
    createGetPromptVersionsTool({ ledger }),
    createGetRealisedPnlTool({ ledger }),
  ];
}
