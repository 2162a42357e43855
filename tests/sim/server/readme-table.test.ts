import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, REALTIME_TR } from "../../../broker/kis/endpoints.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("README's table of the simulator's KIS surface", () => {
  it.each(Object.entries(ENDPOINTS))("lists %s with its path and every tr_id", (_name, spec) => {
    expect(README).toContain(`\`${spec.path.replace("/uapi/domestic-stock/v1", "…")}\``);
    const ids = [
      spec.trId.real,
      spec.trId.paper,
      ...("legacyTrId" in spec && spec.legacyTrId ? [spec.legacyTrId.real, spec.legacyTrId.paper] : []),
    ];
    for (const id of ids) if (id) expect(README).toContain(id);
  });

  it("lists every real-time feed", () => {
    for (const tr of Object.values(REALTIME_TR)) for (const id of [tr.real, tr.paper]) if (id) expect(README).toContain(id);
  });
});
