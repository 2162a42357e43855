#!/usr/bin/env python3
"""Replays the official samples' recorded requests (tests/fixtures/kis-samples/requests.json) with
the stdlib sample client, the way examples_user/domestic_stock/domestic_stock_functions.py sends
them: kis_auth.auth(), _url_fetch with the samples' headers, the samples' header namedtuple
(APIResp), paging on tr_cont M/F with tr_cont N and the ctx_area cursor, smart_sleep between calls.

Usage: kis-sample-replay.py URL APPKEY APPSECRET ACCOUNT(8-2) real|demo GROUP VALUES_JSON
  GROUP: "day" or "evening"; VALUES_JSON: the placeholders ({"SYMBOL": "005930", "TODAY": ...}).
Prints one JSON document: for each call its function, tr_id, rows per output, the first row of each
output, the sample columns missing from it, and the error when the call failed.
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("ka", os.path.join(HERE, "kis-official-sample-client.py"))
ka = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ka)

FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "kis-samples")
CURSORS = {"100": ("CTX_AREA_FK100", "CTX_AREA_NK100"), "200": ("CTX_AREA_FK200", "CTX_AREA_NK200"), "plain": ("CTX_AREA_FK", "CTX_AREA_NK")}
MAX_PAGES = 10
# KIS allows a real app key 18 calls a second: the samples' smart_sleep keeps under it.
ka._smartSleep = 0.06


def fill(value, values):
    for key, v in values.items():
        value = value.replace("{" + key + "}", v)
    return value


def dig(body, path):
    node = body
    for part in path.split("."):
        node = node[part]
    return node


def rows(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def run_call(call, env_dv, values, columns):
    tr_id = call["tr_id"]["real" if env_dv == "real" else "demo"]
    params = {k: fill(v, values) for k, v in call["params"].items()}
    out = {"function": call["function"], "trId": tr_id, "rows": {}, "first": {}, "missing": {}}
    collected = {key: [] for key in call["outputs"]}
    tr_cont = ""
    for _ in range(MAX_PAGES):
        res = ka._url_fetch(call["path"], tr_id, tr_cont, params, postFlag=call["method"] == "POST")
        if not res.isOK():
            out["error"] = f"{res.getErrorCode()} {res.getErrorMessage()}"
            return out
        body = res.getBody()
        for key in call["outputs"]:
            collected[key] += rows(body.get(key))
        for name, path in call.get("save", {}).items():
            values[name] = dig(body, path)
        if "cursor" not in call or res.getHeader().get("tr_cont") not in ("M", "F"):
            break
        fk, nk = CURSORS[call["cursor"]]
        params[fk], params[nk], tr_cont = body[fk.lower()], body[nk.lower()], "N"
        ka.smart_sleep()
    for i, key in enumerate(call["outputs"]):
        out["rows"][key] = len(collected[key])
        out["first"][key] = collected[key][0] if collected[key] else None
        lists = call.get("columns", [])
        if i < len(lists) and collected[key]:
            out["missing"][key] = [c for c in columns[lists[i]] if c not in collected[key][0]]
    return out


def main(argv):
    url, appkey, appsecret, account, env_dv, group, values_json = argv
    values = json.loads(values_json)
    values["CANO"], values["ACNT_PRDT_CD"] = account.split("-")
    with open(os.path.join(FIXTURES, "requests.json"), encoding="utf-8") as f:
        calls = [c for c in json.load(f)["calls"] if c["group"] == group]
    with open(os.path.join(FIXTURES, "columns.json"), encoding="utf-8") as f:
        columns = json.load(f)["columns"]
    ka.auth(url, appkey, appsecret, "prod" if env_dv == "real" else "vps")
    results = []
    for call in calls:
        if call["tr_id"]["real" if env_dv == "real" else "demo"] is None:
            continue
        if "LOWER_LIMIT" in values:
            values["LOWER_LIMIT_UP"] = str(int(values["LOWER_LIMIT"]) + tick(int(values["LOWER_LIMIT"])))
        ka.smart_sleep()
        results.append(run_call(call, env_dv, values, columns))
    print(json.dumps({"results": results, "trIds": ka._sent_tr_ids}, ensure_ascii=False))


def tick(price):
    for bound, size in ((2000, 1), (5000, 5), (20000, 10), (50000, 50), (200000, 100), (500000, 500)):
        if price < bound:
            return size
    return 1000


if __name__ == "__main__":
    main(sys.argv[1:])
