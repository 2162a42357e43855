#!/usr/bin/env python3
"""Runs KIS's own samples unchanged against the simulator: imports kis_auth and
domestic_stock_functions from a checkout of koreainvestment/open-trading-api (examples_user), after
writing the kis_devlp.yaml they read (under $HOME/KIS/config) with the simulator as both hosts, and
calls each function of tests/fixtures/kis-samples/requests.json with its recorded arguments.

Usage: kis-samples-run.py SAMPLES_DIR URL APPKEY APPSECRET ACCOUNT(8-2) VALUES_JSON
Prints a JSON list: function, rows (of the smallest DataFrame it returned), error.
Needs the samples' own dependencies: pandas, requests, PyYAML, websockets, pycryptodome.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "kis-samples")


def write_config(url, appkey, appsecret, account):
    cano, prod = account.split("-")
    config = os.path.join(os.path.expanduser("~"), "KIS", "config")
    os.makedirs(config, exist_ok=True)
    ws = url.replace("http", "ws", 1)
    lines = {
        "my_app": appkey, "my_sec": appsecret, "paper_app": appkey, "paper_sec": appsecret, "my_htsid": "simuser",
        "my_acct_stock": cano, "my_acct_future": cano, "my_paper_stock": cano, "my_paper_future": cano, "my_prod": prod,
        "prod": url, "vps": url, "ops": ws, "vops": ws, "my_agent": "Mozilla/5.0 (kis-agent conformance)",
    }
    with open(os.path.join(config, "kis_devlp.yaml"), "w", encoding="utf-8") as f:
        for key, value in lines.items():
            f.write(f'{key}: "{value}"\n')


def fill(value, values):
    if isinstance(value, str):
        for key, v in values.items():
            value = value.replace("{" + key + "}", str(v))
    return value


def frames(result):
    return list(result) if isinstance(result, tuple) else [result]


def main(argv):
    samples, url, appkey, appsecret, account, values_json = argv
    values = json.loads(values_json)
    values["CANO"], values["ACNT_PRDT_CD"] = account.split("-")
    write_config(url, appkey, appsecret, account)
    sys.path[:0] = [os.path.join(samples, "examples_user"), os.path.join(samples, "examples_user", "domestic_stock")]
    import kis_auth as ka  # noqa: E402  (reads the config written above)
    import domestic_stock_functions as dsf  # noqa: E402

    ka.auth(svr="prod")
    with open(os.path.join(FIXTURES, "requests.json"), encoding="utf-8") as f:
        calls = [c for c in json.load(f)["calls"] if c["group"] == "day"]
    results = []
    for call in calls:
        if "LOWER_LIMIT" in values:
            low = int(values["LOWER_LIMIT"])
            values["LOWER_LIMIT_UP"] = str(low + (50 if low < 50000 else 100 if low < 200000 else 500))
        kwargs = {k: fill(v, values) for k, v in call["kwargs"].items()}
        entry = {"function": call["function"]}
        try:
            got = frames(getattr(dsf, call["function"])(**kwargs))
            entry["rows"] = min(0 if df is None else len(df) for df in got)
            for name, path in call.get("save", {}).items():
                column = path.split(".")[-1]
                for df in got:
                    if df is not None and column in df.columns and len(df):
                        values[name] = str(df.iloc[0][column])
        except Exception as err:  # a sample that raises is a failure to report, not to hide
            entry["rows"], entry["error"] = 0, f"{type(err).__name__}: {err}"
        results.append(entry)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
