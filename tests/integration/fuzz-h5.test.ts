/**
 * Fuzzing the H5 portal's form fields (issue 12.12): the values a FormData can carry, read the way
 * the server actions in app/(h5)/h5/actions.ts read them, then parsed and handed to the real lib
 * functions on the real database. Properties: anything thrown is a typed AppError with a
 * translatable code; a refusal writes nothing; valid input is filed and stored as sent.
 * Seeds are fixed; see tests/support/fuzz.ts for replaying a failure.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complaintFields } from "../../components/h5/post-h5-complaint";
import { h5ComplaintSchema } from "../../lib/complaints/complaint-schemas";
import { answerInformationRequest } from "../../lib/complaints/customer/answer-information-request";
import { claimCompensation } from "../../lib/complaints/customer/claim-compensation";
import { confirmResolution } from "../../lib/complaints/customer/confirm-resolution";
import {
  answerSchema,
  claimCompensationSchema,
  confirmSchema,
  rejectSchema,
} from "../../lib/complaints/customer/customer-schemas";
import { rejectResolution } from "../../lib/complaints/customer/reject-resolution";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import type { ComplaintStatus } from "../../lib/generated/prisma/enums";
import { submitSurvey, surveySchema } from "../../lib/surveys/submit-survey";
import { parseInput } from "../../lib/validation";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { allRowCounts, expectAppError, FUZZ_TIMEOUT, fuzzParams, hostileString, spiked } from "../support/fuzz";
import { orderBody, shopApi } from "../support/shop-api";

const keyring = testKeyring();
let customerA: string;
let complaintA: string; // customer A's, the one the actions work on
let complaintB: string; // another customer's
let couponA: string;

beforeAll(async () => {
  await resetData();
  await shopApi.putOrder(
    "SO-H5-A",
    orderBody({ customer: { externalId: "FZ-A", name: "甲", region: "上海" }, amount: "88.00" }),
  );
  await shopApi.putOrder(
    "SO-H5-B",
    orderBody({ customer: { externalId: "FZ-B", name: "乙", region: "北京" }, amount: "88.00" }),
  );
  customerA = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "FZ-A" } })).id;
  const customerB = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "FZ-B" } })).id;
  const file = (customerId: string, orderNo: string) =>
    fileH5Complaint({
      db: testDb,
      customerId,
      address: "203.0.113.9",
      fields: {
        orderNo,
        category: "product.quality",
        description: "芒果烂了",
        imageIds: [],
        submissionId: randomUUID(),
      },
      keyring,
    });
  complaintA = (await file(customerA, "SO-H5-A")).id;
  complaintB = (await file(customerB, "SO-H5-B")).id;
  const order = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-H5-A" }, select: { id: true } });
  couponA = (
    await testDb.compensation.create({
      data: {
        complaintId: complaintA,
        orderId: order.id,
        type: "coupon",
        amount: "5.00",
        status: "offered",
        idempotencyKey: `fz-coupon-${randomUUID()}`,
      },
      select: { id: true },
    })
  ).id;
});
afterAll(() => testDb.$disconnect());

// ---------------------------------------------------------------- what a form can post

type FormValue = string | File | null;
/**
 * What a form field can carry instead of the expected value: that value with a dangerous
 * character in it, any string, nothing, or a file. FormData keeps NUL and turns a lone surrogate
 * into U+FFFD, as the server's multipart decoder would.
 */
const hostileField = (...plausible: string[]): fc.Arbitrary<FormValue> =>
  fc.oneof(
    { weight: 3, arbitrary: spiked(...plausible) },
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(new File(["x"], "a.txt"), new File([], "")) },
  );

type Form = Record<string, FormValue | FormValue[]>;

/** A valid form with one or two of its fields replaced by hostile ones (so each field gets its turn with the others valid). */
function nearValidForm(
  valid: fc.Arbitrary<Form>,
  hostile: Record<string, fc.Arbitrary<FormValue | FormValue[]>>,
): fc.Arbitrary<Form> {
  return fc
    .tuple(
      valid,
      fc.record(hostile),
      fc.subarray(Object.keys(hostile), { minLength: 1, maxLength: Math.min(2, Object.keys(hostile).length) }),
    )
    .map(([form, bad, names]) => ({ ...form, ...Object.fromEntries(names.map((name) => [name, bad[name]!])) }));
}

/** A real FormData from generated fields (repeated names for lists), as the browser would post it. */
function formData(fields: Form): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null) form.append(name, v);
  return form;
}

/** Anything thrown is typed and translatable, and nothing was written; resets the rate limits so they do not hide the rest. */
async function typedOrSuccess(run: () => Promise<unknown>): Promise<"ok" | "refused"> {
  await testDb.rateLimitHit.deleteMany();
  const before = await allRowCounts();
  try {
    await run();
    return "ok";
  } catch (error) {
    expectAppError(error);
    expect(await allRowCounts()).toEqual(before);
    return "refused";
  }
}

// ---------------------------------------------------------------- the complaint form

const complaintForm = nearValidForm(
  fc.record({
    orderNo: fc.constant("SO-H5-A"),
    category: fc.constantFrom(...CATEGORIES),
    description: fc.constantFrom("芒果烂了两个", "😀".repeat(300)),
    contact: fc.constantFrom("13900000000", ""),
    imageIds: fc.constant([]),
    // A new submission each time (a repeated one is answered from the first without touching the rest).
    submissionId: fc.uuid(),
  }),
  {
    orderNo: fc.oneof(hostileField("SO-H5-A"), fc.constantFrom("SO-H5-B", "SO-NONE")),
    category: hostileField("product.quality"),
    description: fc.oneof(hostileField("芒果烂了两个"), fc.constantFrom("芒".repeat(301), " \u3000 ")),
    contact: fc.oneof(hostileField("13900000000"), fc.constant("x".repeat(65))),
    imageIds: fc.array(fc.oneof(hostileField(randomUUID()), fc.uuid(), fc.constant("")), {
      minLength: 1,
      maxLength: 5,
    }),
    submissionId: hostileField(randomUUID()),
  },
);

const fileFromForm = (form: FormData) => async () => {
  const fields = parseInput(h5ComplaintSchema, complaintFields(form));
  return fileH5Complaint({ db: testDb, customerId: customerA, address: "203.0.113.10", fields, keyring });
};

describe("H5 complaint form", () => {
  it(
    "any form values: filed, or a typed translatable error with nothing written",
    async () => {
      await fc.assert(
        fc.asyncProperty(complaintForm, async (fields) => {
          await typedOrSuccess(fileFromForm(formData(fields)));
        }),
        fuzzParams(150, [
          [
            {
              orderNo: "SO-H5-A",
              category: "product.quality",
              description: "芒果\u0000烂了",
              contact: null,
              imageIds: [],
              submissionId: randomUUID(),
            },
          ],
          [
            {
              orderNo: "SO-H5-A",
              category: "product.quality",
              description: "芒果烂了",
              contact: "139\u0000",
              imageIds: [],
              submissionId: randomUUID(),
            },
          ],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "valid forms are filed and the description is stored as sent",
    async () => {
      const description = fc
        .string({
          unit: fc.oneof(
            fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
            fc.constantFrom("芒", "果", "😀", "\u3000"),
          ),
          minLength: 1,
          maxLength: 80,
        })
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && [...s].length <= 300);
      await fc.assert(
        fc.asyncProperty(description, fc.constantFrom(...CATEGORIES), async (text, category) => {
          const form = formData({
            orderNo: "SO-H5-A",
            category,
            description: text,
            contact: "",
            submissionId: randomUUID(),
          });
          await testDb.rateLimitHit.deleteMany();
          const { id } = await fileFromForm(form)();
          expect(
            (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { description: true } })).description,
          ).toBe(text);
        }),
        fuzzParams(20),
      );
    },
    FUZZ_TIMEOUT,
  );
});

// ---------------------------------------------------------------- the complaint page's answers

const hostileComplaintId = () =>
  fc.oneof(hostileField(complaintA), fc.constantFrom(complaintB, randomUUID(), complaintA.toUpperCase()));
const setStatus = (status: ComplaintStatus) => testDb.complaint.update({ where: { id: complaintA }, data: { status } });

/** One customer action: the form's fields, read and parsed as its server action does, then the lib function; the complaint first reset to where the action applies. */
const actionProperty = (
  fields: fc.Arbitrary<Form>,
  reset: () => Promise<unknown>,
  run: (form: FormData) => Promise<unknown>,
) =>
  fc.asyncProperty(fields, async (values) => {
    await reset();
    await typedOrSuccess(() => run(formData(values)));
  });

describe("H5 complaint page actions", () => {
  it(
    "answer to a request for information",
    async () => {
      await fc.assert(
        actionProperty(
          nearValidForm(fc.record({ complaintId: fc.constant(complaintA), text: fc.constant("已经拍照了") }), {
            complaintId: hostileComplaintId(),
            text: fc.oneof(hostileField("已经拍照了"), fc.constant("x".repeat(501))),
          }),
          () => setStatus("waiting_customer"),
          (form) => {
            const d = parseInput(answerSchema, { complaintId: form.get("complaintId"), text: form.get("text") });
            return answerInformationRequest({
              db: testDb,
              customerId: customerA,
              complaintId: d.complaintId,
              text: d.text,
            });
          },
        ),
        fuzzParams(100, [[{ complaintId: complaintA, text: "a\u0000b" }]]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "confirm and reject a resolution",
    async () => {
      await fc.assert(
        actionProperty(
          nearValidForm(
            fc.record({
              complaintId: fc.constant(complaintA),
              reason: fc.constant("不满意"),
              action: fc.constantFrom("confirm", "reject"),
            }),
            {
              complaintId: hostileComplaintId(),
              reason: fc.oneof(hostileField("不满意"), fc.constant("x".repeat(301))),
            },
          ),
          () => setStatus("resolved"),
          async (form) => {
            if (form.get("action") === "confirm")
              return confirmResolution({
                db: testDb,
                customerId: customerA,
                ...parseInput(confirmSchema, { complaintId: form.get("complaintId") }),
              });
            const d = parseInput(rejectSchema, { complaintId: form.get("complaintId"), reason: form.get("reason") });
            return rejectResolution({
              db: testDb,
              customerId: customerA,
              complaintId: d.complaintId,
              reason: d.reason,
            });
          },
        ),
        fuzzParams(100, [[{ complaintId: complaintA, reason: "\u0000", action: "reject" }]]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "claim a compensation",
    async () => {
      await fc.assert(
        actionProperty(
          nearValidForm(fc.record({ compensationId: fc.constant(couponA) }), {
            compensationId: fc.oneof(hostileField(couponA), fc.constantFrom(couponA, randomUUID(), complaintA)),
          }),
          () => testDb.compensation.update({ where: { id: couponA }, data: { status: "offered", claimedAt: null } }),
          (form) =>
            claimCompensation({
              db: testDb,
              customerId: customerA,
              ...parseInput(claimCompensationSchema, { compensationId: form.get("compensationId") }),
            }),
        ),
        fuzzParams(60),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "the satisfaction survey",
    async () => {
      const score = (...likely: string[]) =>
        fc.oneof(
          hostileField(...likely),
          fc.constantFrom(
            ...likely,
            "",
            " 3 ",
            "1e309",
            "NaN",
            "0x3",
            "3.5",
            "-0",
            "١",
            "３",
            "Infinity",
            "99999999999999999999",
          ),
        );
      await fc.assert(
        actionProperty(
          nearValidForm(
            fc.record({
              complaintId: fc.constant(complaintA),
              csat: fc.constantFrom("1", "5"),
              nps: fc.constantFrom("0", "10", ""),
              comment: fc.constantFrom("很好", ""),
            }),
            {
              complaintId: hostileComplaintId(),
              csat: score("1", "5", "6", "0"),
              nps: score("0", "10", "11"),
              comment: fc.oneof(hostileField("很好"), fc.constant("x".repeat(301))),
            },
          ),
          async () => {
            await testDb.surveyResponse.deleteMany({ where: { complaintId: complaintA } });
            await testDb.complaint.update({
              where: { id: complaintA },
              data: { status: "resolved", surveyAsksNps: true },
            });
          },
          (form) => {
            const nps = form.get("nps");
            const input = parseInput(surveySchema, {
              complaintId: form.get("complaintId"),
              csat: form.get("csat") ?? undefined,
              nps: nps === null || nps === "" ? undefined : nps,
              comment: form.get("comment") ?? "",
            });
            return submitSurvey({ db: testDb, customerId: customerA, input });
          },
        ),
        fuzzParams(100, [[{ complaintId: complaintA, csat: "4", nps: null, comment: "好\u0000" }]]),
      );
    },
    FUZZ_TIMEOUT,
  );
});
