/**
 * The KIS errors the simulator answers with (the wire error contract): msg_cd, HTTP status and
 * KIS's own message. Handlers throw `KisWireError`; the gateway renders it as a KIS body.
 */
import { AppError } from "../../../core/errors.js";

export const KIS_ERRORS = {
  EGW00201: { status: 500, msg1: "초당 거래건수를 초과하였습니다." },
  EGW00123: { status: 500, msg1: "기간이 만료된 token 입니다." },
  EGW00121: { status: 500, msg1: "유효하지 않은 token 입니다." },
  EGW00103: { status: 500, msg1: "유효하지 않은 AppKey입니다." },
  EGW00133: { status: 403, msg1: "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)" },
  OPSQ0002: { status: 500, msg1: "없는 서비스 코드 입니다" },
  OPSQ0001: { status: 400, msg1: "잘못된 요청입니다" },
  OPSQ2001: { status: 200, msg1: "ERROR : INPUT_FIELD_NAME" },
  APBK0656: { status: 200, msg1: "해당 종목이 존재하지 않습니다" },
  APBK0560: { status: 200, msg1: "주문수량이 올바르지 않습니다" },
  APBK0506: { status: 200, msg1: "주식주문호가단위 오류" },
  APBK0510: { status: 200, msg1: "상/하한가 범위 초과" },
  APBK0919: { status: 200, msg1: "장운영시간이 아닙니다" },
  "40580000": { status: 200, msg1: "모의투자 장종료 입니다." },
  APBK0952: { status: 200, msg1: "주문가능금액을 초과했습니다" },
  APBK0986: { status: 200, msg1: "주문가능수량을 초과했습니다" },
  APBK0918: { status: 200, msg1: "원주문번호가 존재하지 않습니다" },
  APBK0690: { status: 200, msg1: "정정/취소 가능수량이 없습니다" },
  APBK0017: { status: 200, msg1: "거래정지 종목입니다" },
} as const satisfies Record<string, { status: number; msg1: string }>;

export type KisMsgCd = keyof typeof KIS_ERRORS;

/** A KIS error answer; `detail` is appended to msg1 (e.g. the name of the offending field). */
export class KisWireError extends AppError {
  readonly msgCd: KisMsgCd;
  readonly status: number;
  readonly msg1: string;

  constructor(msgCd: KisMsgCd, detail?: string) {
    const { status, msg1 } = KIS_ERRORS[msgCd];
    const text = detail ? `${msg1} ${detail}` : msg1;
    super("DATA_INVALID", `${msgCd}: ${text}`, { venueCode: msgCd });
    this.msgCd = msgCd;
    this.status = status;
    this.msg1 = text;
  }

  body(): { rt_cd: string; msg_cd: string; msg1: string } {
    return { rt_cd: "1", msg_cd: this.msgCd, msg1: this.msg1 };
  }
}

/** OPSQ2001 naming the parameter, as KIS does. */
export function badParam(name: string, why = ""): KisWireError {
  return new KisWireError("OPSQ2001", why ? `${name} (${why})` : name);
}
