import { describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { RecordWriter } from "../../../sim/wire/record-writer.js";

describe("RecordWriter", () => {
  const write = (fill: (w: RecordWriter) => void) => {
    const w = new RecordWriter(8);
    w.begin(400);
    fill(w);
    return w.finish();
  };

  it("writes integers of any size and sign like String()", () => {
    const values = [0, 7, 10, 99, -5, -1_234, 2_147_483_647, 2_147_483_648, 1_234_567_890_123, -98_765_432_109];
    expect(write((w) => values.forEach((v, i) => (i ? w.sep() : w).int(v)))).toBe(values.map(String).join("^"));
  });

  it("writes two decimals, rounding half away from zero on the hundredths", () => {
    const values = [0, 1.5, -1.5, 0.714, 150, 123456.789, -0.004, Number.NaN];
    expect(write((w) => values.forEach((v, i) => (i ? w.sep() : w).fixed2(v)))).toBe("0.00^1.50^-1.50^0.71^150.00^123456.79^0.00^0.00");
  });

  it("writes KST times and dates", () => {
    const ms = fromKst("20260303", "153000") + 999;
    expect(write((w) => w.time(ms).sep().date(ms).sep().time(fromKst("20260304", "000001")))).toBe("153000^20260303^000001");
  });

  it("grows past its initial capacity and starts over on begin", () => {
    const w = new RecordWriter(4);
    w.begin(2).text("abcdefghij");
    expect(w.finish()).toBe("abcdefghij");
    w.begin(10).text("x");
    expect(w.finish()).toBe("x");
  });
});
