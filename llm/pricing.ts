/**
 * USD per million tokens by model-name prefix, for the cost ledger. Unknown models cost 0 and are
 * flagged, so a missing price is visible rather than silently wrong.
 */

interface Price {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
}

/** Longest matching prefix wins; list prices as published by the providers. */
const PRICES: Record<string, Price> = {
  "gpt-4o-mini": { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  "gpt-4o": { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  "gpt-4.1-mini": { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
  "gpt-4.1": { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  "gpt-5-mini": { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
  "gpt-5": { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  "gemini-2.5-flash": { inputPerMillionUsd: 0.3, outputPerMillionUsd: 2.5 },
  "gemini-2.5-pro": { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  "offline-rules": { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
};

export function costUsd(model: string, inputTokens: number, outputTokens: number): { costUsd: number; priced: boolean } {
  const key = Object.keys(PRICES)
    .filter((prefix) => model.startsWith(prefix))
    .sort((a, b) => b.length - a.length)[0];
  const price = key ? PRICES[key] : undefined;
  if (!price) return { costUsd: 0, priced: false };
  return { costUsd: (inputTokens * price.inputPerMillionUsd + outputTokens * price.outputPerMillionUsd) / 1_000_000, priced: true };
}
