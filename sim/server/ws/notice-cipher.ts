/**
 * AES-256-CBC for execution notices as KIS does it (reference §6.6): a random 32-character key
 * and 16-character IV per subscription, used as their UTF-8 bytes, PKCS#7 padding, base64 out.
 */
import { createCipheriv, randomInt } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz";

/** Random lower-case letters: KIS's keys and IVs are plain ASCII strings. */
export function randomAscii(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET.charAt(randomInt(ALPHABET.length));
  return out;
}

export interface NoticeCipher {
  key: string;
  iv: string;
}

export function newNoticeCipher(): NoticeCipher {
  return { key: randomAscii(32), iv: randomAscii(16) };
}

export function encryptNotice(plaintext: string, cipher: NoticeCipher): string {
  const aes = createCipheriv("aes-256-cbc", Buffer.from(cipher.key, "utf8"), Buffer.from(cipher.iv, "utf8"));
  return Buffer.concat([aes.update(plaintext, "utf8"), aes.final()]).toString("base64");
}
