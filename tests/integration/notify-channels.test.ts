import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendAppPush } from "../../lib/notify/channels/app-push";
import { dingtalkSign, sendDingtalk } from "../../lib/notify/channels/dingtalk-robot";
import { sendSms } from "../../lib/notify/channels/sms";
import { sendWecom, WECOM_MARKDOWN_MAX_BYTES } from "../../lib/notify/channels/wecom-robot";
import { startFakeHttp } from "../support/fake-http";

let fake: Awaited<ReturnType<typeof startFakeHttp>>;
beforeAll(async () => {
  fake = await startFakeHttp();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.received.length = 0;
});

const message = { title: "SLA 超时", markdown: "### SLA 超时\n> 工单：质量问题", text: "SLA 超时｜工单：质量问题" };

describe("WeCom group robot", () => {
  it("posts markdown and treats errcode ≠ 0 as a failure", async () => {
    fake.answer(() => ({ json: { errcode: 0, errmsg: "ok" } }));
    expect(await sendWecom({ config: { webhookUrl: `${fake.url}/cgi-bin/webhook/send?key=K` }, message })).toEqual({
      ok: true,
    });
    expect(JSON.parse(fake.received[0]!.body)).toEqual({
      msgtype: "markdown",
      markdown: { content: message.markdown },
    });
    fake.answer(() => ({ json: { errcode: 93000, errmsg: "invalid webhook url" } }));
    expect(await sendWecom({ config: { webhookUrl: `${fake.url}/x` }, message })).toEqual({
      ok: false,
      error: "errcode 93000: invalid webhook url",
      retryable: false,
    });
    fake.answer(() => ({ status: 502 }));
    expect(await sendWecom({ config: { webhookUrl: `${fake.url}/x` }, message })).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it("keeps markdown within 4096 bytes without breaking a character", async () => {
    fake.answer(() => ({ json: { errcode: 0 } }));
    await sendWecom({
      config: { webhookUrl: `${fake.url}/x` },
      message: { ...message, markdown: "芒果烂了".repeat(800) },
    });
    const content = JSON.parse(fake.received[0]!.body).markdown.content as string;
    expect(Buffer.byteLength(content, "utf8")).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).not.toContain("\uFFFD");
    expect(content.endsWith("…")).toBe(true);
  });
});

describe("DingTalk custom robot", () => {
  it("signs with HMAC-SHA256 over `${timestamp}\\n${secret}`, adds the keyword, and fails on errcode ≠ 0", async () => {
    const secret = "SEC0123456789abcdef";
    fake.answer((request) => {
      const url = new URL(request.url, fake.url);
      const timestamp = url.searchParams.get("timestamp")!;
      const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
      return {
        json:
          url.searchParams.get("sign") === expected ? { errcode: 0 } : { errcode: 310000, errmsg: "sign not match" },
      };
    });
    const ok = await sendDingtalk({
      config: { webhookUrl: `${fake.url}/robot/send?access_token=T`, secret, keyword: "客诉" },
      message,
      now: 1_795_000_000_000,
    });
    expect(ok).toEqual({ ok: true });
    const sent = JSON.parse(fake.received[0]!.body);
    expect(sent).toMatchObject({ msgtype: "markdown", markdown: { title: "SLA 超时" } });
    expect(sent.markdown.text).toContain("客诉");
    expect(fake.received[0]!.url).toContain(
      `timestamp=1795000000000&sign=${dingtalkSign({ secret, timestamp: 1_795_000_000_000 })}`,
    );
    const wrong = await sendDingtalk({
      config: { webhookUrl: `${fake.url}/robot/send?access_token=T`, secret: "another-secret" },
      message,
    });
    expect(wrong).toEqual({ ok: false, error: "errcode 310000: sign not match", retryable: false });
  });
});

describe("@-mentions (the assignee is warned personally)", () => {
  it("WeCom: <@userid> in the markdown; DingTalk: at.atUserIds plus @userid in the text", async () => {
    fake.answer(() => ({ json: { errcode: 0 } }));
    await sendWecom({ config: { webhookUrl: `${fake.url}/w` }, message: { ...message, mentions: ["li.agent"] } });
    expect(JSON.parse(fake.received[0]!.body).markdown.content).toMatch(/<@li\.agent>$/);
    await sendDingtalk({
      config: { webhookUrl: `${fake.url}/d?access_token=T` },
      message: { ...message, mentions: ["li.agent"] },
    });
    const sent = JSON.parse(fake.received[1]!.body);
    expect(sent.at).toEqual({ atUserIds: ["li.agent"] });
    expect(sent.markdown.text).toContain("@li.agent");
  });
});

describe("timeouts and refused URLs", () => {
  it("a robot that does not answer times out (retryable) instead of hanging the function", async () => {
    fake.answer(() => ({ json: { errcode: 0 }, delayMs: 1500 }));
    const started = Date.now();
    expect(await sendWecom({ config: { webhookUrl: `${fake.url}/slow` }, message, timeoutMs: 200 })).toEqual({
      ok: false,
      error: "TimeoutError",
      retryable: true,
    });
    expect(await sendDingtalk({ config: { webhookUrl: `${fake.url}/slow` }, message, timeoutMs: 200 })).toEqual({
      ok: false,
      error: "TimeoutError",
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it("in production, a robot URL on a private or loopback address is refused before any request", async () => {
    const previous = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = "production";
    try {
      expect(await sendWecom({ config: { webhookUrl: `${fake.url}/x` }, message })).toEqual({
        ok: false,
        error: "refused URL (private_address)",
        retryable: false,
      });
    } finally {
      (process.env as Record<string, string>).NODE_ENV = previous!;
    }
    expect(fake.received).toHaveLength(0);
  });
});

describe("SMS and app push", () => {
  it("SMS: the log driver logs a masked number; the http driver posts with the bearer token", async () => {
    const lines: string[] = [];
    expect(
      await sendSms({
        config: { driver: "log" },
        message: { ...message, recipient: "13912345678" },
        log: { info: (line: string) => lines.push(line) },
      }),
    ).toEqual({ ok: true });
    expect(lines[0]).toContain("•••••••5678");
    fake.answer(() => ({ json: { ok: true } }));
    await sendSms({
      config: { driver: "http", url: `${fake.url}/sms`, token: "TKN" },
      message: { ...message, recipient: "13912345678" },
    });
    expect(fake.received[0]!.headers.authorization).toBe("Bearer TKN");
    expect(JSON.parse(fake.received[0]!.body)).toEqual({ to: "13912345678", text: message.text });
    expect(await sendSms({ config: { driver: "log" }, message })).toMatchObject({ ok: false, retryable: false });
  });

  it("push: signed POST to the shop's endpoint", async () => {
    fake.answer(() => ({ json: {} }));
    await sendAppPush({
      config: { url: `${fake.url}/push`, secret: "push-secret-0123456789" },
      message: { ...message, recipient: "CU-1" },
      now: 1000,
    });
    const request = fake.received[0]!;
    expect(request.headers["x-kesu-signature"]).toBe(
      createHmac("sha256", "push-secret-0123456789").update(`1000.${request.body}`).digest("hex"),
    );
    expect(JSON.parse(request.body)).toEqual({ customerExternalId: "CU-1", title: message.title, body: message.text });
  });
});
