/**
 * bench:parse — the production frame decoder (broker/kis/frames.ts, reading the Buffers ws
 * delivers) against the naive split parser (strings) and a charCodeAt-sum floor over the same frames, on seeded H0STCNT0 (1 and 4 records per frame) and
 * H0STASP0 frames. Gates: ≥ 6× naive, ≤ 2.2× the floor, field-for-field equality.
 */
import type { BenchResult } from "./index.js";
import { FrameDecoder } from "../broker/kis/frames.js";
import { REALTIME_TR } from "../broker/kis/endpoints.js";
import { bookFields, dataFrame, flatten, seededRandom, symbolCodes, tradeFrames } from "../sim/wire/frame-generator.js";
import { naiveParse } from "./naive/split-parser.js";
import { runsArg, summarize, timeMs } from "./naive/stats.js";

const SEED = 20_260_105;
const FRAMES = 20_000;

function bookFrames(seed: number, n: number, symbols: string[]): string[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) =>
    flatten(
      dataFrame(REALTIME_TR.book.real, [
        bookFields({
          symbol: symbols[i % symbols.length] ?? "005930",
          bestAskKrw: 50_000 + Math.floor(rnd() * 100) * 100,
          secondOfDay: 36_000 + (i >> 4),
          quantities: Array.from({ length: 20 }, () => Math.floor(rnd() * 50_000)),
        }),
      ]),
    ),
  );
}

/** Field-for-field equality of the production decoder with the naive parser; returns mismatches. */
function verify(frames: string[]): number {
  const decoder = new FrameDecoder();
  let mismatches = 0;
  for (const raw of frames) {
    const frame = decoder.decode(raw);
    const naive = naiveParse(raw);
    if (frame.kind !== "data") return mismatches + 1;
    const { batch } = frame;
    naive.forEach((record, r) =>
      batch.layout.fields.forEach((name, j) => {
        const expected = record[name];
        const actual = batch.layout.numeric[j] === 1 ? batch.numbers[r * batch.width + j] : batch.text(r * batch.width + j);
        if (!Object.is(actual, expected)) mismatches++;
      }),
    );
  }
  return mismatches;
}

function decodeAll(frames: Buffer[], decoder: FrameDecoder): number {
  let check = 0;
  for (const raw of frames) {
    const frame = decoder.decode(raw);
    if (frame.kind === "data") check += frame.batch.numbers[3] ?? 0;
  }
  return check;
}

function naiveAll(frames: string[]): number {
  let check = 0;
  for (const raw of frames) check += naiveParse(raw).length;
  return check;
}

function floorAll(frames: string[]): number {
  let sum = 0;
  for (const raw of frames) for (let i = 0; i < raw.length; i++) sum += raw.charCodeAt(i);
  return sum;
}

export async function run(args: string[]): Promise<BenchResult> {
  const runs = runsArg(args);
  const symbols = symbolCodes(40);
  const inputs = {
    trade1: tradeFrames(SEED, FRAMES, symbols, 1),
    trade4: tradeFrames(SEED + 1, FRAMES, symbols, 4),
    book1: bookFrames(SEED + 2, FRAMES, symbols),
  };
  const records = Object.fromEntries(Object.entries(inputs).map(([k, f]) => [k, f.reduce((n, raw) => n + Number(raw.split("|")[2]), 0)]));
  const mismatches = Object.values(inputs).reduce((n, f) => n + verify(f), 0);
  // Production reads the Buffers ws delivers; the naive parser and the floor get the strings.
  const buffers = Object.fromEntries(Object.entries(inputs).map(([k, f]) => [k, f.map((s) => Buffer.from(s, "latin1"))]));
  const decoder = new FrameDecoder();
  let sink = 0;
  const perInput: Record<string, { prod: number[]; naive: number[]; floor: number[] }> = {};
  for (const name of Object.keys(inputs)) perInput[name] = { prod: [], naive: [], floor: [] };
  for (let r = -1; r < runs; r++) {
    for (const [name, frames] of Object.entries(inputs)) {
      const ns = 1e6 / (records[name] ?? 1);
      const prod = timeMs(() => (sink += decodeAll(buffers[name] ?? [], decoder))) * ns;
      const naive = timeMs(() => (sink += naiveAll(frames))) * ns;
      const floor = timeMs(() => (sink += floorAll(frames))) * ns;
      if (r < 0) continue; // warm-up
      const slot = perInput[name];
      slot?.prod.push(prod);
      slot?.naive.push(naive);
      slot?.floor.push(floor);
    }
  }
  const figures = Object.fromEntries(
    Object.entries(perInput).map(([name, t]) => [
      name,
      {
        nsPerRecord: summarize(t.prod),
        naiveNsPerRecord: summarize(t.naive),
        floorNsPerRecord: summarize(t.floor),
        speedupVsNaive: summarize(t.prod.map((p, i) => (t.naive[i] ?? 0) / p)),
        ratioToFloor: summarize(t.prod.map((p, i) => p / (t.floor[i] ?? 1))),
      },
    ]),
  );
  const pass = mismatches === 0 && Object.values(figures).every((f) => f.speedupVsNaive.median >= 6 && f.ratioToFloor.median <= 2.2);
  return {
    name: "parse",
    pass,
    seed: SEED,
    runs,
    records,
    mismatches,
    gates: { speedupVsNaive: ">= 6", ratioToFloor: "<= 2.2" },
    ...figures,
    checksum: sink % 1000,
  };
}
