/** The alerts channel, one reducer for both graphs' states. */
import { ReducedValue } from "@langchain/langgraph";
import { z } from "zod";

/** Accepts one alert or several, so nodes and a resumed subgraph can both append (stack-notes gotcha b). */
export const appendAlerts = () =>
  new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.union([z.string(), z.array(z.string())]),
      reducer: (current: string[], next: string | string[]) => current.concat(next),
    },
  );
