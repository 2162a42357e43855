import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors.js";
import { ORDER_OUTCOME_UNKNOWN } from "../../../broker/ports.js";
import { fixture, kisError, makeHarness, reply, SECRETS } from "../../fakes/fake-kis-http.js";

const QUOTE = "/uapi/domestic-stock/v1/quotations/inquire-price";
const ORDER = "/uapi/domestic-stock/v1/trading/order-cash";
const BALANCE = "/uapi/domestic-stock/v1/trading/inquire-balance";
const BUY = { symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 71000 } as const;

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("KisHttp request shape", () => {
  it("sends the KIS headers with a bearer token, custtype P and the real tr_id", async () => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, reply(fixture("quote")));

    await client.getQuote("005930");

    const [request] = server.requestsTo(QUOTE);
    expect(request?.method).toBe("GET");
    expect(request?.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      authorization: "Bearer fake-access-token-1",
      appkey: SECRETS.appKey,
      appsecret: SECRETS.appSecret,
      tr_id: "FHKST01010100",
      custtype: "P",
      tr_cont: "",
    });
    expect(request?.query).toEqual({ FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: "005930" });
  });

  it("uses the paper tr_id in paper mode and the real tr_id against the simulator", async () => {
    const paper = makeHarness("paper");
    paper.server.on(BALANCE, undefined, reply(fixture("balance")));
    await paper.client.getBalance();
    expect(paper.server.requestsTo(BALANCE)[0]?.trId).toBe("VTTC8434R");

    const sim = makeHarness("sim");
    sim.server.on(BALANCE, undefined, reply(fixture("balance")));
    await sim.client.getBalance();
    expect(sim.server.requestsTo(BALANCE)[0]?.trId).toBe("TTTC8434R");
  });

  it("posts an order as a JSON body of upper-case keys and string values, empty ones included", async () => {
    const { client, server } = makeHarness("paper");
    server.on(ORDER, undefined, reply(fixture("order-cash")));

    await client.placeOrder({ symbol: "005930", side: "sell", quantity: 3, type: "market" });

    const [request] = server.requestsTo(ORDER);
    expect(request?.trId).toBe("VTTC0011U");
    expect(request?.body).toEqual({
      CANO: "12345678",
      ACNT_PRDT_CD: "01",
      PDNO: "005930",
      ORD_DVSN: "01",
      ORD_QTY: "3",
      ORD_UNPR: "0",
      EXCG_ID_DVSN_CD: "KRX",
      SLL_TYPE: "01",
      CNDT_PRIC: "",
    });
    expect(request?.query).toBeUndefined();
  });

  it("refuses an endpoint KIS does not offer on paper without calling it", async () => {
    const { client, server } = makeHarness("paper");

    const err = await caught(client.getVolumeRanking());

    expect(err.code).toBe("BROKER_UNSUPPORTED");
    expect(err.message).toContain("volumeRanking");
    expect(server.requestsTo("/uapi/domestic-stock/v1/quotations/volume-rank")).toHaveLength(0);
  });
});

describe("KisHttp errors and retries", () => {
  it("retries a read after EGW00201 and a 5xx without a KIS body", async () => {
    const { client, server, sleeps } = makeHarness("real");
    server.on(
      QUOTE,
      undefined,
      kisError(500, "EGW00201", "초당 거래건수를 초과하였습니다."),
      reply("<html>bad gateway</html>", { status: 502 }),
      reply(fixture("quote")),
    );

    const quote = await client.getQuote("005930");

    expect(quote.priceKrw).toBe(71500);
    expect(server.requestsTo(QUOTE)).toHaveLength(3);
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it("gives up on a read after the bounded number of attempts", async () => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, kisError(500, "EGW00201", "초당 거래건수를 초과하였습니다."));

    const err = await caught(client.getQuote("005930"));

    expect(err).toMatchObject({ code: "BROKER_RATE_LIMITED", venueCode: "EGW00201" });
    expect(server.requestsTo(QUOTE)).toHaveLength(4);
  });

  it("maps a business error to BROKER_REJECTED with the msg_cd and message, without retrying", async () => {
    const { client, server } = makeHarness("real");
    server.on(QUOTE, undefined, kisError(200, "APBK0656", "해당 종목이 존재하지 않습니다"));

    const err = await caught(client.getQuote("999999"));

    expect(err).toMatchObject({ code: "BROKER_REJECTED", venueCode: "APBK0656", retryable: false });
    expect(err.message).toContain("해당 종목이 존재하지 않습니다");
    expect(server.requestsTo(QUOTE)).toHaveLength(1);
  });

  it("never retries an order: a 5xx without a KIS body is an unknown outcome", async () => {
    const { client, server } = makeHarness("real");
    server.on(ORDER, undefined, reply("", { status: 503 }), reply(fixture("order-cash")));

    const err = await caught(client.placeOrder(BUY));

    expect(err).toMatchObject({ code: "BROKER_UNAVAILABLE", retryable: false, venueCode: ORDER_OUTCOME_UNKNOWN });
    expect(server.requestsTo(ORDER)).toHaveLength(1);
  });

  it("reports a dropped connection during an order as an unknown outcome", async () => {
    const { client, server } = makeHarness("real");
    server.on(ORDER, undefined, new Error("socket hang up"));

    const err = await caught(client.placeOrder(BUY));

    expect(err).toMatchObject({ code: "BROKER_UNAVAILABLE", retryable: false, venueCode: ORDER_OUTCOME_UNKNOWN });
    expect(err.message).toContain("UNKNOWN");
    expect(server.requestsTo(ORDER)).toHaveLength(1);
  });

  it("reports an accepted order without a readable order number as an unknown outcome", async () => {
    const { client, server } = makeHarness("real");
    server.on(ORDER, undefined, reply({ rt_cd: "0", msg_cd: "APBK0013", msg1: "주문 전송 완료 되었습니다.", output: {} }));

    const err = await caught(client.placeOrder(BUY));

    expect(err).toMatchObject({ code: "BROKER_UNAVAILABLE", venueCode: ORDER_OUTCOME_UNKNOWN });
  });

  it("does not retry an order the gateway rate-limited, and says it was not placed", async () => {
    const { client, server } = makeHarness("real");
    server.on(ORDER, undefined, kisError(500, "EGW00201", "초당 거래건수를 초과하였습니다."));

    const err = await caught(client.placeOrder(BUY));

    expect(err).toMatchObject({ code: "BROKER_RATE_LIMITED", venueCode: "EGW00201" });
    expect(server.requestsTo(ORDER)).toHaveLength(1);
  });

  it("rejects a business error on an order as BROKER_REJECTED, not as unknown", async () => {
    const { client, server } = makeHarness("real");
    server.on(ORDER, undefined, kisError(200, "APBK0952", "주문가능금액을 초과했습니다"));

    const err = await caught(client.placeOrder(BUY));

    expect(err).toMatchObject({ code: "BROKER_REJECTED", venueCode: "APBK0952" });
  });

  it("checks order input before anything is sent", async () => {
    const { client, server } = makeHarness("real");

    const err = await caught(client.placeOrder({ ...BUY, quantity: 0 }));

    expect(err.code).toBe("DATA_INVALID");
    expect(server.requests).toHaveLength(0);
  });
});

describe("KisHttp paging", () => {
  it("follows tr_cont across three pages with the previous page's cursor", async () => {
    const { client, server } = makeHarness("real");
    const page = (n: number) => ({ ...fixture("balance"), ctx_area_fk100: `FK${n}`, ctx_area_nk100: `NK${n}` });
    server.on(BALANCE, undefined, reply(page(1), { trCont: "M" }), reply(page(2), { trCont: "F" }), reply(page(3), { trCont: "D" }));

    const balance = await client.getBalance();

    const requests = server.requestsTo(BALANCE);
    expect(requests.map((r) => r.headers["tr_cont"])).toEqual(["", "N", "N"]);
    expect(requests.map((r) => [r.query?.["CTX_AREA_FK100"], r.query?.["CTX_AREA_NK100"]])).toEqual([
      ["", ""],
      ["FK1", "NK1"],
      ["FK2", "NK2"],
    ]);
    expect(balance.holdings).toHaveLength(3);
  });

  it("stops at the page bound instead of following an endless cursor", async () => {
    const { client, server } = makeHarness("real");
    server.on(BALANCE, undefined, reply(fixture("balance"), { trCont: "M" }));

    const err = await caught(client.getBalance());

    expect(err.code).toBe("BROKER_RESPONSE_INVALID");
    expect(server.requestsTo(BALANCE)).toHaveLength(20);
  });
});

describe("KisHttp validation", () => {
  it("names the endpoint and the field when a required field is missing", async () => {
    const { client, server } = makeHarness("real");
    const quote = fixture("quote") as { output: Record<string, string> };
    delete quote.output["stck_prpr"];
    server.on(QUOTE, undefined, reply(quote));

    const err = await caught(client.getQuote("005930"));

    expect(err.code).toBe("BROKER_RESPONSE_INVALID");
    expect(err.message).toContain("quote");
    expect(err.message).toContain("output.stck_prpr");
  });

  it("tolerates an unknown field and reports it once per endpoint and field", async () => {
    const { client, server, logLines } = makeHarness("real");
    const quote = fixture("quote") as { output: Record<string, string> };
    quote.output["brand_new_field"] = "1";
    server.on(QUOTE, undefined, reply(quote));

    await client.getQuote("005930");
    await client.getQuote("005930");

    const warnings = logLines.filter((line) => line.includes("brand_new_field"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? "{}")).toMatchObject({ level: "warn", field: "output.brand_new_field" });
  });
});
