import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const run = (args: string[]) => spawn(process.execPath, ["bin/kis-agent.js", "sim", ...args], { stdio: ["ignore", "pipe", "pipe"] });

const QUOTE = "/uapi/domestic-stock/v1/quotations/inquire-price?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930";
const BALANCE =
  "/uapi/domestic-stock/v1/trading/inquire-balance?CANO=12345678&ACNT_PRDT_CD=01&AFHR_FLPR_YN=N&OFL_YN=&INQR_DVSN=02&UNPR_DVSN=01" +
  "&FUND_STTL_ICLD_YN=N&FNCG_AMT_AUTO_RDPT_YN=N&PRCS_DVSN=00&CTX_AREA_FK100=&CTX_AREA_NK100=";

/** Starts `kis-agent sim` with `args`, gives a token to `appKey`, and returns a caller of KIS paths. */
async function startCli(args: string[], appKey: string) {
  const child = run(["--port", "0", "--json", "--start", "2026-11-23T10:00:00+09:00", ...args]);
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  const info = JSON.parse(chunk.toString()) as { restUrl: string; rateLimits: Record<string, number> };
  const appsecret = "secret".repeat(30);
  const tokenRes = await fetch(`${info.restUrl}/oauth2/tokenP`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", appkey: appKey, appsecret }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const call = async (path: string, trId: string) => {
    const res = await fetch(info.restUrl + path, {
      headers: { authorization: `Bearer ${token}`, appkey: appKey, appsecret, tr_id: trId, custtype: "P" },
    });
    return { status: res.status, msgCd: ((await res.json()) as { msg_cd: string }).msg_cd };
  };
  const stop = async () => {
    child.kill("SIGTERM");
    await once(child, "exit");
  };
  return { info, call, stop };
}

describe("kis-agent sim", () => {
  it("prints its URLs and clock as JSON, serves, and exits 0 on SIGTERM", async () => {
    const child = run(["--port", "0", "--json", "--start", "2026-11-23T10:00:00+09:00", "--seed", "5"]);
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const info = JSON.parse(chunk.toString()) as { restUrl: string; wsUrl: string; clock: string; seed: number };
    expect(info).toMatchObject({ seed: 5, wsUrl: info.restUrl.replace("http", "ws") });
    expect(info.clock.startsWith("2026-11-23T10:00")).toBe(true);
    const state = await fetch(`${info.restUrl}/sim/state`);
    expect(state.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
  });

  it("exits 2 with a clear message for a bad option", async () => {
    const child = run(["--speed", "fast"]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain("--speed: expected a positive number, received 'fast'");
  });

  it("enforces KIS's real per-second limit by default: a burst of 40 quote calls gets EGW00201 over HTTP 500", async () => {
    const sim = await startCli([], "PSburstRealKey000000000000000000000");
    try {
      expect(sim.info.rateLimits).toEqual({ real: 18, paper: 1, tokensPerMinute: 1 });
      // The token request took one call of this second's budget: let the bucket refill first.
      await new Promise((r) => setTimeout(r, 1100));
      const answers = await Promise.all(Array.from({ length: 40 }, () => sim.call(QUOTE, "FHKST01010100")));
      const refused = answers.filter((a) => a.msgCd === "EGW00201");
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((a) => a.status === 500)).toBe(true);
      expect(answers.filter((a) => a.msgCd === "MCA00000").length).toBeGreaterThanOrEqual(18);
    } finally {
      await sim.stop();
    }
  });

  it("holds an app key that sends paper tr_ids to one call a second, quotes included", async () => {
    const sim = await startCli([], "PSburstPaperKey00000000000000000000");
    try {
      expect((await sim.call(BALANCE, "VTTC8434R")).msgCd).toBe("MCA00000");
      const quotes = await Promise.all(Array.from({ length: 3 }, () => sim.call(QUOTE, "FHKST01010100")));
      expect(quotes).toContainEqual({ status: 500, msgCd: "EGW00201" });
    } finally {
      await sim.stop();
    }
  });

  it("serves the same burst in full with --rate-limit 0", async () => {
    const sim = await startCli(["--rate-limit", "0"], "PSburstOffKey0000000000000000000000");
    try {
      expect(sim.info.rateLimits).toEqual({ real: 0, paper: 0, tokensPerMinute: 0 });
      const answers = await Promise.all(Array.from({ length: 40 }, () => sim.call(QUOTE, "FHKST01010100")));
      expect(answers.every((a) => a.msgCd === "MCA00000")).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});
