import { describe, expect, it } from "vitest";
import { detectImageType } from "./image-rules";

describe("detectImageType", () => {
  it("recognises JPEG, PNG and WebP by their bytes", () => {
    expect(detectImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
    expect(detectImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(detectImageType(new Uint8Array([...Buffer.from("RIFF"), 0, 0, 0, 0, ...Buffer.from("WEBPVP8 ")]))).toBe(
      "image/webp",
    );
  });
  it("refuses anything else, whatever its name says", () => {
    expect(detectImageType(new Uint8Array(Buffer.from("GIF89a......")))).toBeNull();
    expect(detectImageType(new Uint8Array(Buffer.from("<svg xmlns=")))).toBeNull();
    expect(detectImageType(new Uint8Array([]))).toBeNull();
  });
});
