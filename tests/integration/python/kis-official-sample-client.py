#!/usr/bin/env python3
"""A KIS REST client written the way KIS's own sample is, used to prove the simulator against it.

Mirrors koreainvestment/open-trading-api, request shapes kept exactly (headers, bodies, tr_ids,
parameter sets, paging); only `requests` and pandas are replaced by the standard library:
  examples_user/kis_auth.py
    auth()          POST /oauth2/tokenP with _base_headers (Content-Type, Accept, charset, User-Agent)
    changeTREnv()   svr "prod" / "vps" (paper), which also sets the T/J/C -> V tr_id rule
    _url_fetch()    base headers + tr_id, custtype "P", tr_cont; GET params / POST json.dumps body;
                    HTTP 200 -> APIResp (body, lower-case response headers), else APIRespError
    smart_sleep()   pause between pages
  examples_user/domestic_stock/domestic_stock_functions.py
    inquire_price, inquire_psbl_order, order_cash, inquire_balance (paged), inquire_daily_ccld (paged)
Usage: kis-official-sample-client.py URL APPKEY APPSECRET ACCOUNT(8-2) real|demo SYMBOL YYYYMMDD
Prints one JSON document: the raw outputs of each call and the tr_ids sent.
"""
import json
from collections import namedtuple
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# kis_auth.py: _base_headers; the sample's User-Agent comes from kis_devlp.yaml (my_agent).
_base_headers = {
    "Content-Type": "application/json",
    "Accept": "text/plain",
    "charset": "UTF-8",
    "User-Agent": "Mozilla/5.0 (kis-agent integration test)",
}
_TRENV = {}
_isPaper = False
_smartSleep = 0.1
_sent_tr_ids = []


class KisCallError(Exception):
    pass


class APIResp:
    """kis_auth.APIResp: the body, and the response headers whose names are lower case."""

    def __init__(self, status, headers, text):
        self._rescode = status
        # As kis_auth.APIResp._setHeader: a namedtuple of the all-lower-case header names, which
        # raises ValueError when one of them (e.g. "content-type") is not a Python identifier.
        fld = {name: value for name, value in headers.items() if name.islower()}
        self._header = namedtuple("header", fld.keys())(**fld)
        self._body = json.loads(text)
        # kis_auth.APIResp._setBody builds a namedtuple of the body keys too: each must be an identifier.
        namedtuple("body", self._body.keys())(**self._body)

    def getHeader(self):
        return self._header._asdict()

    def getBody(self):
        return self._body

    def isOK(self):
        return self._body.get("rt_cd") == "0"

    def getErrorCode(self):
        return self._body.get("msg_cd")

    def getErrorMessage(self):
        return self._body.get("msg1")


class APIRespError(APIResp):
    def __init__(self, status, text):
        self._rescode = status
        self._header = {}
        self._body = {}
        self._error = f"{status} {text}"

    def isOK(self):
        return False

    def getErrorCode(self):
        return str(self._rescode)

    def getErrorMessage(self):
        return self._error


def _http(method, url, headers, body=None):
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as res:
            return res.status, dict(res.getheaders()), res.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read().decode("utf-8")


def auth(url, appkey, appsecret, svr):
    """kis_auth.auth(): no saved token here (the sample keeps it in a file under ~/KIS/config)."""
    global _isPaper
    p = {"grant_type": "client_credentials", "appkey": appkey, "appsecret": appsecret}
    status, _, text = _http("POST", f"{url}/oauth2/tokenP", dict(_base_headers), json.dumps(p).encode("utf-8"))
    if status != 200:
        raise KisCallError(f"Get Authentification token fail: {status} {text}")
    body = json.loads(text)
    my_token = body["access_token"]
    _isPaper = svr == "vps"
    _TRENV.update(my_app=appkey, my_sec=appsecret, my_token=my_token, my_url=url)
    _base_headers["authorization"] = f"Bearer {my_token}"
    _base_headers["appkey"] = appkey
    _base_headers["appsecret"] = appsecret
    return {"access_token": my_token, "access_token_token_expired": body.get("access_token_token_expired")}


def _url_fetch(api_url, ptr_id, tr_cont, params, appendHeaders=None, postFlag=False):
    url = f"{_TRENV['my_url']}{api_url}"
    headers = dict(_base_headers)
    tr_id = ptr_id
    if ptr_id[0] in ("T", "J", "C") and _isPaper:
        tr_id = "V" + ptr_id[1:]
    headers["tr_id"] = tr_id
    headers["custtype"] = "P"
    headers["tr_cont"] = tr_cont
    if appendHeaders:
        headers.update(appendHeaders)
    _sent_tr_ids.append(tr_id)
    if postFlag:
        status, res_headers, text = _http("POST", url, headers, json.dumps(params).encode("utf-8"))
    else:
        status, res_headers, text = _http("GET", f"{url}?{urllib.parse.urlencode(params)}", headers)
    if status == 200:
        return APIResp(status, res_headers, text)
    return APIRespError(status, text)


def smart_sleep():
    time.sleep(_smartSleep)


def _checked(res, api_url):
    if not res.isOK():
        raise KisCallError(f"{api_url}: {res.getErrorCode()} {res.getErrorMessage()}")
    return res


def inquire_price(env_dv, fid_cond_mrkt_div_code, fid_input_iscd):
    tr_id = {"real": "FHKST01010100", "demo": "FHKST01010100"}[env_dv]
    api_url = "/uapi/domestic-stock/v1/quotations/inquire-price"
    params = {"FID_COND_MRKT_DIV_CODE": fid_cond_mrkt_div_code, "FID_INPUT_ISCD": fid_input_iscd}
    return _checked(_url_fetch(api_url, tr_id, "", params), api_url).getBody()["output"]


def inquire_psbl_order(env_dv, cano, acnt_prdt_cd, pdno, ord_unpr, ord_dvsn, cma_evlu_amt_icld_yn, ovrs_icld_yn):
    tr_id = {"real": "TTTC8908R", "demo": "VTTC8908R"}[env_dv]
    api_url = "/uapi/domestic-stock/v1/trading/inquire-psbl-order"
    params = {
        "CANO": cano,
        "ACNT_PRDT_CD": acnt_prdt_cd,
        "PDNO": pdno,
        "ORD_UNPR": ord_unpr,
        "ORD_DVSN": ord_dvsn,
        "CMA_EVLU_AMT_ICLD_YN": cma_evlu_amt_icld_yn,
        "OVRS_ICLD_YN": ovrs_icld_yn,
    }
    return _checked(_url_fetch(api_url, tr_id, "", params), api_url).getBody()["output"]


def order_cash(env_dv, ord_dv, cano, acnt_prdt_cd, pdno, ord_dvsn, ord_qty, ord_unpr, excg_id_dvsn_cd, sll_type="", cndt_pric=""):
    tr_id = {("real", "sell"): "TTTC0011U", ("real", "buy"): "TTTC0012U", ("demo", "sell"): "VTTC0011U", ("demo", "buy"): "VTTC0012U"}[(env_dv, ord_dv)]
    api_url = "/uapi/domestic-stock/v1/trading/order-cash"
    params = {
        "CANO": cano,
        "ACNT_PRDT_CD": acnt_prdt_cd,
        "PDNO": pdno,
        "ORD_DVSN": ord_dvsn,
        "ORD_QTY": ord_qty,
        "ORD_UNPR": ord_unpr,
        "EXCG_ID_DVSN_CD": excg_id_dvsn_cd,
        "SLL_TYPE": sll_type,
        "CNDT_PRIC": cndt_pric,
    }
    return _checked(_url_fetch(api_url, tr_id, "", params, postFlag=True), api_url).getBody()["output"]


def inquire_balance(env_dv, cano, acnt_prdt_cd, afhr_flpr_yn, inqr_dvsn, unpr_dvsn, fund_sttl_icld_yn, fncg_amt_auto_rdpt_yn,
                    prcs_dvsn, FK100="", NK100="", tr_cont="", rows1=None, rows2=None, depth=0, max_depth=10):
    rows1, rows2 = rows1 or [], rows2 or []
    if depth > max_depth:
        return rows1, rows2
    tr_id = {"real": "TTTC8434R", "demo": "VTTC8434R"}[env_dv]
    api_url = "/uapi/domestic-stock/v1/trading/inquire-balance"
    params = {
        "CANO": cano,
        "ACNT_PRDT_CD": acnt_prdt_cd,
        "AFHR_FLPR_YN": afhr_flpr_yn,
        "OFL_YN": "",
        "INQR_DVSN": inqr_dvsn,
        "UNPR_DVSN": unpr_dvsn,
        "FUND_STTL_ICLD_YN": fund_sttl_icld_yn,
        "FNCG_AMT_AUTO_RDPT_YN": fncg_amt_auto_rdpt_yn,
        "PRCS_DVSN": prcs_dvsn,
        "CTX_AREA_FK100": FK100,
        "CTX_AREA_NK100": NK100,
    }
    res = _checked(_url_fetch(api_url, tr_id, tr_cont, params), api_url)
    body = res.getBody()
    rows1, rows2 = rows1 + body["output1"], rows2 + body["output2"]
    if res.getHeader().get("tr_cont") in ["M", "F"]:
        smart_sleep()
        return inquire_balance(env_dv, cano, acnt_prdt_cd, afhr_flpr_yn, inqr_dvsn, unpr_dvsn, fund_sttl_icld_yn,
                               fncg_amt_auto_rdpt_yn, prcs_dvsn, body["ctx_area_fk100"], body["ctx_area_nk100"], "N",
                               rows1, rows2, depth + 1, max_depth)
    return rows1, rows2


def inquire_daily_ccld(env_dv, pd_dv, cano, acnt_prdt_cd, inqr_strt_dt, inqr_end_dt, sll_buy_dvsn_cd, ccld_dvsn, inqr_dvsn,
                       inqr_dvsn_3, pdno="", ord_gno_brno="", odno="", inqr_dvsn_1="", FK100="", NK100="", tr_cont="",
                       excg_id_dvsn_cd="KRX", rows1=None, rows2=None, depth=0, max_depth=10):
    rows1, rows2 = rows1 or [], rows2 or []
    if depth > max_depth:
        return rows1, rows2
    tr_id = {("real", "before"): "CTSC9215R", ("real", "inner"): "TTTC0081R",
             ("demo", "before"): "VTSC9215R", ("demo", "inner"): "VTTC0081R"}[(env_dv, pd_dv)]
    api_url = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld"
    params = {
        "CANO": cano,
        "ACNT_PRDT_CD": acnt_prdt_cd,
        "INQR_STRT_DT": inqr_strt_dt,
        "INQR_END_DT": inqr_end_dt,
        "SLL_BUY_DVSN_CD": sll_buy_dvsn_cd,
        "PDNO": pdno,
        "CCLD_DVSN": ccld_dvsn,
        "INQR_DVSN": inqr_dvsn,
        "INQR_DVSN_3": inqr_dvsn_3,
        "ORD_GNO_BRNO": ord_gno_brno,
        "ODNO": odno,
        "INQR_DVSN_1": inqr_dvsn_1,
        "CTX_AREA_FK100": FK100,
        "CTX_AREA_NK100": NK100,
    }
    if excg_id_dvsn_cd is not None:
        params["EXCG_ID_DVSN_CD"] = excg_id_dvsn_cd
    res = _checked(_url_fetch(api_url, tr_id, tr_cont, params), api_url)
    body = res.getBody()
    rows1, rows2 = rows1 + body["output1"], rows2 + [body["output2"]]
    if res.getHeader().get("tr_cont") in ["M", "F"]:
        smart_sleep()
        return inquire_daily_ccld(env_dv, pd_dv, cano, acnt_prdt_cd, inqr_strt_dt, inqr_end_dt, sll_buy_dvsn_cd, ccld_dvsn,
                                  inqr_dvsn, inqr_dvsn_3, pdno, ord_gno_brno, odno, inqr_dvsn_1, body["ctx_area_fk100"],
                                  body["ctx_area_nk100"], "N", excg_id_dvsn_cd, rows1, rows2, depth + 1, max_depth)
    return rows1, rows2


def main(argv):
    url, appkey, appsecret, account, env_dv, symbol, date = argv
    cano, acnt_prdt_cd = account.split("-")
    token = auth(url, appkey, appsecret, "prod" if env_dv == "real" else "vps")
    quote = inquire_price(env_dv, "J", symbol)
    buying_power = inquire_psbl_order(env_dv, cano, acnt_prdt_cd, symbol, quote["stck_prpr"], "01", "N", "N")
    order = order_cash(env_dv, "buy", cano, acnt_prdt_cd, symbol, "00", "3", quote["stck_mxpr"], "KRX")
    balance1, balance2 = inquire_balance(env_dv, cano, acnt_prdt_cd, "N", "01", "01", "N", "N", "00")
    ccld1, ccld2 = inquire_daily_ccld(env_dv, "inner", cano, acnt_prdt_cd, date, date, "00", "00", "00", "00")
    print(json.dumps({
        "token": token,
        "quote": quote,
        "buyingPower": buying_power,
        "order": order,
        "balance": {"output1": balance1, "output2": balance2},
        "dailyCcld": {"output1": ccld1, "output2": ccld2},
        "trIds": _sent_tr_ids,
    }, ensure_ascii=False))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KisCallError as err:
        print(f"KIS call failed: {err}", file=sys.stderr)
        sys.exit(1)
