import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/corpus/encoding.js";
import { SEED_TEXT } from "./helpers.js";

const SAMPLE = SEED_TEXT.slice(0, 2000);

function decoded(bytes: Uint8Array) {
  const result = decodeBytes(bytes);
  if (!result.ok) throw new Error(`expected text, got: ${result.reason}`);
  return result;
}

describe("decodeBytes", () => {
  it("reads UTF-8 with and without BOM", () => {
    expect(decoded(Buffer.from(SAMPLE, "utf8"))).toMatchObject({ text: SAMPLE, encoding: "utf-8" });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, "utf8")]);
    expect(decoded(bom)).toMatchObject({ text: SAMPLE, encoding: "utf-8-bom" });
  });

  it("reads UTF-16 LE and BE with BOM, and LE/BE without BOM", () => {
    expect(decoded(iconv.encode(SAMPLE, "utf-16le", { addBOM: true }))).toMatchObject({ text: SAMPLE, encoding: "utf-16le" });
    expect(decoded(iconv.encode(SAMPLE, "utf-16be", { addBOM: true }))).toMatchObject({ text: SAMPLE, encoding: "utf-16be" });
    const latinish = "Liaocheng news 2024\n本报讯（记者 林晨）\n".repeat(20);
    expect(decoded(iconv.encode(latinish, "utf-16le"))).toMatchObject({ text: latinish, encoding: "utf-16le" });
    expect(decoded(iconv.encode(latinish, "utf-16be"))).toMatchObject({ text: latinish, encoding: "utf-16be" });
  });

  it("reads GB18030 and GBK", () => {
    expect(decoded(iconv.encode(SAMPLE, "gb18030"))).toMatchObject({ text: SAMPLE, encoding: "gb18030" });
    expect(decoded(iconv.encode(SAMPLE, "gbk"))).toMatchObject({ text: SAMPLE, encoding: "gb18030" });
  });

  it("refuses empty and whitespace-only files", () => {
    expect(decodeBytes(new Uint8Array())).toEqual({ ok: false, reason: "empty file" });
    expect(decodeBytes(Buffer.from(" \n\t\r\n"))).toEqual({ ok: false, reason: "empty file" });
  });

  it("refuses binary files", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0]);
    const result = decodeBytes(png);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^binary/);
    const controls = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(decodeBytes(controls)).toMatchObject({ ok: false, reason: expect.stringMatching(/^binary/) as string });
  });

  it("refuses bytes that are neither UTF-8 nor plausible GB18030", () => {
    // Random-looking high bytes: invalid UTF-8 and mostly outside the common GB2312 area.
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => 0x81 + ((i * 37) % 0x7e)));
    expect(decodeBytes(bytes)).toMatchObject({ ok: false, reason: expect.stringMatching(/^undecodable/) as string });
    // UTF-8 text with a chunk of broken bytes in it.
    const broken = Buffer.concat([Buffer.from("本报讯测试文本", "utf8"), Buffer.from([0xe4, 0xb8, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1])]);
    expect(decodeBytes(broken)).toMatchObject({ ok: false, reason: expect.stringMatching(/^undecodable/) as string });
  });

  it("keeps a long UTF-8 page with one stray byte, and says so", () => {
    const bytes = Buffer.concat([Buffer.from(SEED_TEXT.slice(0, 1000)), Buffer.from([0xff]), Buffer.from(SEED_TEXT.slice(1000))]);
    const result = decoded(bytes);
    expect(result.warning).toMatch(/1 invalid UTF-8/);
    expect(result.text).toBe(SEED_TEXT);
  });
});
