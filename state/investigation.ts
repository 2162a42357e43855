/**
 * The investigation loop's share of a graph's state: the conversation with the model by reference
 * (`transcript`: one run_context ref per turn, in order) and what the loop has spent against its
 * budget. Used by both graphs.
 */
import { ReducedValue } from "@langchain/langgraph";
import { z } from "zod";

export const Investigation = z.object({
  /** model calls so far */
  rounds: z.number().int(),
  toolCalls: z.number().int(),
  inputTokens: z.number().int(),
  startedAtMs: z.number(),
  /** why the loop was cut at its budget; null while running or when the model stopped by itself */
  cut: z.string().nullable(),
  /** true once the loop is over (stopped or cut) */
  done: z.boolean(),
});
export type Investigation = z.infer<typeof Investigation>;

export const investigationFields = {
  transcript: new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.array(z.string()),
      reducer: (refs: string[], added: string[]) => refs.concat(added),
    },
  ),
  investigation: Investigation.nullable().default(null),
};
