#!/usr/bin/env python3
"""The official samples' WebSocket client, rebuilt on the standard library, to prove the simulator.

Replicates what koreainvestment/open-trading-api does (facts in tests/fixtures/kis-samples/ws.json);
only `websockets`, pycryptodome and pandas are replaced:
  examples_user/kis_auth.py
    auth_ws()             POST /oauth2/Approval {grant_type, appkey, secretkey} -> approval_key
    data_fetch()          {"header": {content-type, approval_key, tr_type, custtype}, "body": {"input": {tr_id, tr_key}}}
    KISWebSocket.send()   one subscribe message per key, smart_sleep() after each
    KISWebSocket.__subscriber()
                          text starting 0/1: split on "|", payload d1[3], decrypted when the subscribe
                          answer said encrypt "Y" (aes_cbc_base64_dec: AES-256-CBC, base64, PKCS#7, key
                          and iv as UTF-8), then pandas.read_csv(sep="^", names=columns); anything
                          else: system_resp() (rt_cd, msg1, output.iv/key), PINGPONG -> ws.pong(raw)
  legacy/websocket/python/ws_domestic_overseas_all.py
                          the record count: d1[2] records of the column list cut from one "^" list;
                          notices: CNTG_YN (index 13) "2" is a fill
A minimal RFC 6455 client over `socket` stands in for `websockets` (it offers no extension, so no
permessage-deflate), the `openssl` CLI for pycryptodome, and a replica of read_csv's one-line rule
for pandas: with more fields than names the leading fields become the row index, so the row holds
the last `len(columns)` fields.

Usage: kis-sample-ws.py REST_URL WS_URL APPKEY APPSECRET HTS_ID [real|demo]
Subscribes as the examples do (env_dv "demo": the paper tr_ids, H0STCNI9 for notices), prints "subscribed" on stderr once every answer is in, then one
stderr line per data frame ({"tr_id", "count", "encrypted"}; notices also "filled", the quantity
of their fill records) until stdin closes (the samples run until interrupted); then closes the
socket and prints one JSON document on stdout: the subscribe answers, PINGPONGs answered, and per
tr_id the frames, records, fields per record (against the samples' column count), leftover
fields, the index depths of the samples' DataFrames and whether their row was always the frame's
last record, and the last record decoded.
"""
import base64
import hashlib
import importlib.util
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("ka", os.path.join(HERE, "kis-official-sample-client.py"))
ka = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ka)

with open(os.path.join(HERE, "..", "..", "fixtures", "kis-samples", "ws.json"), encoding="utf-8") as f:
    WS = json.load(f)

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class WebSocket:
    """RFC 6455 client side: the opening handshake, masked frames out, fragmented frames in."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if not lines[0].startswith("HTTP/1.1 101") or headers.get("sec-websocket-accept") != accept:
            raise ConnectionError(f"handshake refused: {lines[0]}")
        self.closed_code = None
        self.parts, self.kind = [], None

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buf += chunk

    def send(self, opcode, payload):
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        n = len(data)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _parse(self):
        """One whole frame off the buffer, or None while it is incomplete (a read may time out)."""
        if len(self.buf) < 2:
            return None
        b0, b1 = self.buf[0], self.buf[1]
        if b1 & 0x80:
            raise ConnectionError("the server masked a frame")
        n, start = b1 & 0x7F, 2
        if n >= 126:
            start = 4 if n == 126 else 10
            if len(self.buf) < start:
                return None
            n = struct.unpack("!H" if start == 4 else "!Q", self.buf[2:start])[0]
        if len(self.buf) < start + n:
            return None
        payload, self.buf = self.buf[start:start + n], self.buf[start + n:]
        return b0 & 0x80, b0 & 0x0F, payload

    def recv(self):
        """The next text or binary message; answers pings and closes on the way. None once closed."""
        while True:
            frame = self._parse()
            if frame is None:
                self._fill()
                continue
            fin, opcode, payload = frame
            if opcode == OP_PING:
                self.send(OP_PONG, payload)
            elif opcode == OP_CLOSE:
                self.closed_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                return None
            elif opcode in (OP_TEXT, OP_BINARY, OP_CONT):
                if opcode != OP_CONT:
                    self.kind = opcode
                self.parts.append(payload)
                if fin:
                    data, self.parts = b"".join(self.parts), []
                    return data.decode("utf-8") if self.kind == OP_TEXT else data

    def close(self):
        """Close handshake: our close frame, then the server's answer."""
        self.send(OP_CLOSE, struct.pack("!H", 1000))
        self.sock.settimeout(5)
        try:
            while self.closed_code is None and self.recv() is not None:
                pass
        except (ConnectionError, socket.timeout):
            pass
        self.sock.close()


def auth_ws(url, appkey, appsecret):
    """kis_auth.auth_ws(): the approval key, posted with the samples' base headers."""
    p = {"grant_type": "client_credentials", "appkey": appkey, "secretkey": appsecret}
    status, _, text = ka._http("POST", f"{url}/oauth2/Approval", dict(ka._base_headers), json.dumps(p).encode("utf-8"))
    if status != 200:
        raise ConnectionError(f"Get Approval token fail: {status} {text}")
    return json.loads(text)["approval_key"]


def data_fetch(approval_key, tr_id, tr_type, tr_key):
    """kis_auth.data_fetch(): the header keys in the samples' order, then the input."""
    headers = {"content-type": "utf-8", "approval_key": approval_key, "tr_type": tr_type, "custtype": "P"}
    return {"header": headers, "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}}}


def system_resp(raw):
    """kis_auth.system_resp(): what the samples read from a JSON answer."""
    rdic = json.loads(raw)
    tr_id = rdic["header"]["tr_id"]
    out = {"tr_id": tr_id, "tr_key": None, "encrypt": None, "isOk": False, "tr_msg": None, "iv": None, "ekey": None, "isPingPong": False}
    if tr_id != "PINGPONG":
        out["tr_key"] = rdic["header"]["tr_key"]
        out["encrypt"] = rdic["header"]["encrypt"]
    body = rdic.get("body")
    if body is not None:
        out["isOk"] = body["rt_cd"] == "0"
        out["tr_msg"] = body["msg1"]
        out["msg_cd"] = body.get("msg_cd")
        if "output" in body:
            out["iv"] = body["output"]["iv"]
            out["ekey"] = body["output"]["key"]
    else:
        out["isPingPong"] = tr_id == "PINGPONG"
    return out


def aes_cbc_base64_dec(key, iv, cipher_text):
    """kis_auth.aes_cbc_base64_dec() through the openssl CLI (PKCS#7 unpadding is openssl's default)."""
    if key is None or iv is None:
        raise AttributeError("key and iv cannot be None")
    res = subprocess.run(
        ["openssl", "enc", "-d", "-aes-256-cbc", "-K", key.encode("utf-8").hex(), "-iv", iv.encode("utf-8").hex(), "-a", "-A"],
        input=cipher_text.encode("ascii"), capture_output=True, check=True,
    )
    return res.stdout.decode("utf-8")


def read_csv_row(fields, columns):
    """pandas.read_csv of one line with `names`: (index fields, the one row). Extra leading fields
    become the row index, missing trailing ones NaN."""
    extra = len(fields) - len(columns)
    values = fields[extra:] if extra > 0 else fields + [None] * -extra
    return max(extra, 0), dict(zip(columns, values))


class Feed:
    """What one tr_id delivered, read both ways the samples read it."""

    def __init__(self, columns):
        self.columns = columns
        self.frames = 0
        self.records = 0
        self.max_per_frame = 0
        self.fields_per_record = set()
        self.leftovers = []
        self.index_fields = set()
        self.last = None
        self.dataframe_is_last_record = True

    def add(self, count, payload):
        fields = payload.split("^")
        n = len(self.columns)
        records = [fields[i * n:(i + 1) * n] for i in range(count)]
        self.frames += 1
        self.records += count
        self.max_per_frame = max(self.max_per_frame, count)
        self.fields_per_record.update(len(r) for r in records)
        if len(fields) != count * n:
            self.leftovers.append(fields[count * n:] if len(fields) > count * n else f"{len(fields)} fields for {count} records")
        index_fields, row = read_csv_row(fields, self.columns)
        self.index_fields.add(index_fields)
        self.last = dict(zip(self.columns, records[-1])) if records else None
        self.dataframe_is_last_record = self.dataframe_is_last_record and row == self.last
        return records

    def report(self):
        return {
            "frames": self.frames,
            "records": self.records,
            "maxPerFrame": self.max_per_frame,
            "columns": len(self.columns),
            "fieldsPerRecord": sorted(self.fields_per_record),
            "leftovers": self.leftovers,
            "dataframeIndexFields": sorted(self.index_fields),
            "last": self.last,
            "dataframeIsLastRecord": self.dataframe_is_last_record,
        }


def main(argv):
    rest_url, ws_url, appkey, appsecret, hts_id = argv[:5]
    env_dv = argv[5] if len(argv) > 5 else "real"
    # The functions with an env_dv pick the paper tr_id; the NXT and integrated ones have none.
    sent = {tr_id: (f["demo_tr_id"] or tr_id) if env_dv == "demo" else tr_id for tr_id, f in WS["feeds"].items()}
    columns = {sent[tr_id]: f["columns"] for tr_id, f in WS["feeds"].items()}
    approval_key = auth_ws(rest_url, appkey, appsecret)
    ws = WebSocket(f"{ws_url}{WS['ws_path']}")
    pairs = [(sent[tr_id], key.replace("{HTS_ID}", hts_id)) for tr_id, key in WS["subscriptions"]]
    for tr_id, key in pairs:
        ws.send(OP_TEXT, json.dumps(data_fetch(approval_key, tr_id, "1", key)))
        time.sleep(WS["subscribe_message"]["pause_after_each_s"])

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    data_map = {tr_id: {"columns": cols, "encrypt": None, "key": None, "iv": None} for tr_id, cols in columns.items()}
    feeds = {tr_id: Feed(cols) for tr_id, cols in columns.items()}
    answers, notices, pings, unexpected = [], [], 0, []
    announced = False
    ws.sock.settimeout(0.2)
    while not stop.is_set():
        try:
            raw = ws.recv()
        except socket.timeout:
            continue
        if raw is None:
            break
        if raw[0] in ("0", "1"):
            d1 = raw.split("|")
            if len(d1) < 4:
                raise ValueError("data not found...")
            tr_id, dm = d1[1], data_map[d1[1]]
            payload = aes_cbc_base64_dec(dm["key"], dm["iv"], d1[3]) if dm["encrypt"] == "Y" else d1[3]
            records = feeds[tr_id].add(int(d1[2]), payload)
            line = {"tr_id": tr_id, "count": int(d1[2]), "encrypted": raw[0] == "1"}
            if tr_id in ("H0STCNI0", "H0STCNI9"):
                notices += [dict(zip(dm["columns"], r)) for r in records]
                # The legacy sample's test: CNTG_YN (index 13) "2" is a fill, CNTG_QTY (index 9) its quantity.
                line["filled"] = sum(int(r[9]) for r in records if r[13] == "2")
            print(json.dumps(line), file=sys.stderr, flush=True)
            continue
        rsp = system_resp(raw)
        if rsp["isPingPong"]:
            ws.send(OP_PONG, raw)
            pings += 1
            continue
        dm = data_map.setdefault(rsp["tr_id"], {"columns": [], "encrypt": None, "key": None, "iv": None})
        # add_data_map(): only the values the answer carries overwrite.
        for name, value in (("encrypt", rsp["encrypt"]), ("key", rsp["ekey"]), ("iv", rsp["iv"])):
            if value is not None:
                dm[name] = value
        answers.append({k: rsp[k] for k in ("tr_id", "tr_key", "isOk", "msg_cd", "tr_msg", "encrypt")} | {"keyIv": rsp["ekey"] is not None and rsp["iv"] is not None})
        if rsp["tr_id"] not in columns:
            unexpected.append(raw)
        if not announced and len(answers) >= len(pairs):
            announced = True
            print("subscribed", file=sys.stderr, flush=True)
    server_closed = ws.closed_code
    ws.close()
    print(json.dumps({
        "answers": answers,
        "pings": pings,
        "serverClosed": server_closed,
        "feeds": {tr_id: f.report() for tr_id, f in feeds.items()},
        "notices": notices,
        "unexpected": unexpected,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
