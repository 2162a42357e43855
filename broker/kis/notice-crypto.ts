/**
 * AES-256-CBC for encrypted real-time frames (reference §6.6): key and IV are the UTF-8 bytes of
 * the strings from the subscribe ACK, the payload is base64, padding PKCS#7.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { AppError } from "../../core/errors.js";

export interface AesParams {
  /** 32 characters */
  key: string;
  /** 16 characters */
  iv: string;
}

function buffers({ key, iv }: AesParams): [Buffer, Buffer] {
  const k = Buffer.from(key, "utf8");
  const v = Buffer.from(iv, "utf8");
  if (k.length !== 32 || v.length !== 16) {
    throw new AppError("FEED_ERROR", `Expected a 32-byte AES key and 16-byte IV, received ${k.length} and ${v.length} bytes`);
  }
  return [k, v];
}

/** Decrypts a base64 payload to UTF-8 text; a wrong key or corrupt payload throws FEED_ERROR. */
export function decryptPayload(payloadBase64: string, params: AesParams): string {
  const [key, iv] = buffers(params);
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    return Buffer.concat([decipher.update(Buffer.from(payloadBase64, "base64")), decipher.final()]).toString("utf8");
  } catch (err) {
    throw new AppError("FEED_ERROR", "Could not decrypt an encrypted real-time payload", { cause: err });
  }
}

/** The inverse, as the KIS server (and the simulator) produce it. */
export function encryptPayload(plaintext: string, params: AesParams): string {
  const [key, iv] = buffers(params);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}
