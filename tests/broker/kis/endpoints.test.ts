import { describe, expect, it } from "vitest";
import { feedOfTrId, feedTrId, registrationLabel } from "../../../broker/kis/endpoints.js";

describe("feed kinds and KIS tr_ids", () => {
  it("maps each feed to its tr_id per environment; only the notice differs", () => {
    expect([feedTrId("trade", "real"), feedTrId("book", "real"), feedTrId("program", "real"), feedTrId("notice", "real")]).toEqual([
      "H0STCNT0",
      "H0STASP0",
      "H0STPGM0",
      "H0STCNI0",
    ]);
    expect([feedTrId("trade", "paper"), feedTrId("book", "paper"), feedTrId("notice", "paper")]).toEqual([
      "H0STCNT0",
      "H0STASP0",
      "H0STCNI9",
    ]);
  });

  it("refuses a feed the environment does not offer with a typed error", () => {
    expect(() => feedTrId("program", "paper")).toThrow(expect.objectContaining({ code: "FEED_ERROR" }));
  });

  it("reads the feed back from a tr_id of either environment, and nothing from a TR the product does not subscribe to", () => {
    expect([feedOfTrId("H0STCNT0"), feedOfTrId("H0STASP0"), feedOfTrId("H0STCNI0"), feedOfTrId("H0STCNI9")]).toEqual([
      "trade",
      "book",
      "notice",
      "notice",
    ]);
    expect(feedOfTrId("H0NXCNT0")).toBeUndefined();
  });

  it("labels registrations as status shows them, keeping the HTS ID out", () => {
    expect(registrationLabel({ feed: "trade", key: "005930" }, "real")).toBe("H0STCNT0 005930");
    expect(registrationLabel({ feed: "notice", key: "myhtsid" }, "paper")).toBe("H0STCNI9 notices");
  });
});
