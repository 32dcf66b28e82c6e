import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { canApply, nextStatus, STATUS_MACHINE } from "./status-machine";

describe("status machine", () => {
  it("leads each legal action where the table says", () => {
    expect(nextStatus("new", "claim")).toBe("processing");
    expect(nextStatus("processing", "request_info")).toBe("waiting_customer");
    expect(nextStatus("waiting_customer", "customer_answer")).toBe("processing");
    expect(nextStatus("resolved", "customer_reject")).toBe("processing");
    expect(nextStatus("resolved", "customer_confirm")).toBe("closed");
    expect(nextStatus("closed", "reopen")).toBe("processing");
  });

  it("refuses every transition the table does not list", () => {
    const statuses = ["new", "processing", "waiting_customer", "resolved", "closed"] as const;
    for (const action of Object.keys(STATUS_MACHINE) as (keyof typeof STATUS_MACHINE)[]) {
      for (const status of statuses) {
        if (canApply(status, action)) continue;
        expect(() => nextStatus(status, action), `${action} from ${status}`).toThrow(AppError);
      }
    }
    expect(() => nextStatus("closed", "resolve")).toThrow(expect.objectContaining({ code: "illegal_transition" }));
    expect(() => nextStatus("new", "reopen")).toThrow(expect.objectContaining({ code: "illegal_transition" }));
  });
});
