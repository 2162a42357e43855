/**
 * The one graph-run driver, for the trading and the reflection graph alike: a run is a checkpointer
 * thread named after its run id (so a crash or an answer resumes the same run), opened in the run
 * ledger before it starts, closed there when it waits, fails or ends, and resumed with a Command.
 * Each graph says only how its state reads as a result.
 */
import { Command, INTERRUPT, isInterrupted } from "@langchain/langgraph";
import { randomBytes } from "node:crypto";
import { kstParts } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { RunGraph, RunStatus } from "../db/runs-repo.js";
import type { Trigger } from "../state/trading-state.js";
import type { Runtime } from "./create-runtime.js";

/** The part of a compiled graph the driver uses (invoke on a thread, read the thread's state). */
export interface ThreadGraph {
  invoke(input: unknown, config: { configurable: { thread_id: string } }): Promise<unknown>;
  getState(config: { configurable: { thread_id: string } }): Promise<{ values: unknown }>;
}

/** How a run ledger row is closed. */
export type RunClose = { status: Exclude<RunStatus, "running">; summary?: string };

/** What one graph makes of its state at each way a run can stop. */
export interface RunReading<S, R> {
  /** the ledger row's summary while the run waits for a person */
  waiting(state: S): string;
  interrupted(state: S, request: unknown): R;
  /** the result, and how to close the ledger row when the graph's own nodes did not */
  done(state: S): { result: R; close?: RunClose };
  failed(state: Partial<S>, err: unknown): R;
}

/** "trading-20261123-091000-a1b2c3": the graph, the KST time it started, and a random tail. */
export function newRunId(graph: RunGraph, nowMs: number): string {
  const { date, time } = kstParts(nowMs);
  return `${graph}-${date}-${time}-${randomBytes(3).toString("hex")}`;
}

/** Invokes `graph` on the run's thread with `input` (null resumes from the last checkpoint, a Command answers). */
export async function driveRun<S, R>(
  rt: Runtime,
  graph: ThreadGraph,
  runId: string,
  input: unknown,
  reading: RunReading<S, R>,
): Promise<R> {
  const config = { configurable: { thread_id: runId } };
  try {
    const result = await graph.invoke(input, config);
    if (isInterrupted(result)) {
      const request = result[INTERRUPT][0]?.value;
      const state = (await graph.getState(config)).values as S;
      rt.repos.runs.finish(runId, { status: "interrupted", summary: reading.waiting(state) }, rt.clock.now());
      return reading.interrupted(state, request);
    }
    const { result: done, close } = reading.done(result as S);
    if (close) rt.repos.runs.finish(runId, close, rt.clock.now());
    return done;
  } catch (err) {
    rt.repos.runs.finish(runId, { status: "failed", error: errorMessage(err) }, rt.clock.now());
    const state = (await graph.getState(config).catch(() => undefined))?.values as Partial<S> | undefined;
    return reading.failed(state ?? {}, err);
  }
}

export interface StartRun {
  graph: RunGraph;
  runId: string;
  trigger?: Trigger;
  /** the graph's input besides runId, trigger and start time, given the active prompt version */
  input(promptVersion: number): Record<string, unknown>;
}

/**
 * Starts a run, or continues a crashed one when `runId` names an existing thread. The prompt
 * version is read before anything awaits, so two runs started together share it.
 */
export function startRun<S, R>(rt: Runtime, graph: ThreadGraph, run: StartRun, reading: RunReading<S, R>): Promise<R> {
  const nowMs = rt.clock.now();
  if (rt.repos.runs.get(run.runId)) return driveRun(rt, graph, run.runId, null, reading);
  const promptVersion = rt.prompts.active().version;
  const trigger = run.trigger ?? { kind: "manual", detail: "" };
  rt.repos.runs.start({ runId: run.runId, graph: run.graph, trigger: trigger.kind, promptVersion: String(promptVersion) }, nowMs);
  return driveRun(rt, graph, run.runId, { runId: run.runId, trigger, startedAtMs: nowMs, ...run.input(promptVersion) }, reading);
}

/** Answers a run waiting at an interrupt. */
export function resumeRun<S, R>(rt: Runtime, graph: ThreadGraph, runId: string, answer: unknown, reading: RunReading<S, R>): Promise<R> {
  return driveRun(rt, graph, runId, new Command({ resume: answer }), reading);
}
