import { describe, expect, it } from "vitest";
import { knownDeviceCookie, knownDeviceStaffId } from "./known-device";

const secret = "known-device-test-secret-0123456789abcdef";

describe("known-device cookie", () => {
  it("names the staff member it was set for, and nobody when forged, re-signed or expired", () => {
    const now = new Date("2026-11-30T00:00:00Z");
    const cookie = knownDeviceCookie({ staffId: "s-1", secret, secure: true, now });
    expect(cookie.options).toMatchObject({ httpOnly: true, secure: true, path: "/api/auth" });
    expect(knownDeviceStaffId({ token: cookie.value, secret })).toBe("s-1");
    expect(knownDeviceStaffId({ token: cookie.value, secret: `${secret}x` })).toBeNull();
    expect(knownDeviceStaffId({ token: `${cookie.value}x`, secret })).toBeNull();
    expect(knownDeviceStaffId({ token: undefined, secret })).toBeNull();
    expect(
      knownDeviceStaffId({
        token: knownDeviceCookie({ staffId: "s-1", secret, secure: false, now: new Date("2026-01-01T00:00:00Z") })
          .value,
        secret,
      }),
    ).toBeNull();
  });
});
