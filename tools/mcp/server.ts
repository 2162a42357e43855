/**
 * The read tools as an MCP server, whatever the transport: each LangChain tool is registered under
 * its own name, description and zod input schema (listed to clients as JSON Schema, validated by
 * the SDK before the call). A tool that fails — a KIS error, a bad argument, an unknown tool — comes
 * back as an `isError` result with the reason, never as a protocol error or a crash.
 */
import type { StructuredToolInterface } from "@langchain/core/tools";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { AppError, errorMessage, isAppError } from "../../core/errors.js";
import { redact, silentLogger, type Logger } from "../../core/logger.js";

export interface McpToolServerOptions {
  name: string;
  version: string;
  /** shown to the client at `initialize` (what the tools read, in which mode) */
  instructions?: string;
  log?: Logger;
}

/** Every served tool only reads, repeats safely, and reaches outside (KIS or the simulator). */
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

function zodSchemaOf(tool: StructuredToolInterface): z.ZodType {
  const schema = tool.schema as unknown;
  if (schema !== null && typeof schema === "object" && "_zod" in schema) return schema as z.ZodType;
  throw new AppError("CONFIG_INVALID", `Tool ${tool.name} has no zod input schema; MCP serves zod-typed tools only`);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** What a LangChain tool returned (its string, or a ToolMessage when the tool answers with one) as an MCP result. */
export function toCallToolResult(output: unknown): CallToolResult {
  if (output !== null && typeof output === "object" && "content" in output && "tool_call_id" in output) {
    const message = output as { content: unknown; status?: string };
    return { content: [{ type: "text", text: text(message.content) }], ...(message.status === "error" ? { isError: true } : {}) };
  }
  return { content: [{ type: "text", text: text(output) }] };
}

/** The reason a call failed, as the client sees it: AppError codes kept, registered secrets masked. */
export function toErrorResult(err: unknown): CallToolResult {
  const reason = isAppError(err) && !err.message.startsWith(`${err.code}:`) ? `${err.code}: ${err.message}` : errorMessage(err);
  return { content: [{ type: "text", text: String(redact(reason)) }], isError: true };
}

export function createMcpToolServer(tools: readonly StructuredToolInterface[], options: McpToolServerOptions): McpServer {
  const log = options.log ?? silentLogger;
  const server = new McpServer(
    { name: options.name, version: options.version },
    options.instructions ? { instructions: options.instructions } : {},
  );
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: zodSchemaOf(tool), annotations: READ_ONLY },
      async (args: unknown, extra): Promise<CallToolResult> => {
        try {
          return toCallToolResult(await tool.invoke(args as Record<string, unknown>, { signal: extra.signal }));
        } catch (err) {
          log.warn("mcp tool call failed", { tool: tool.name, error: err });
          return toErrorResult(err);
        }
      },
    );
  }
  return server;
}
