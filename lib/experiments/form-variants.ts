import { z } from "zod";
import { readSetting, type SettingDefinition } from "../app-settings";
import { FORM_LAYOUTS, type FormLayout } from "../complaints/vocabulary/terms";
import type { Db } from "../db-client";
import { armForCustomer, inAudience } from "./assignment";

/** What an H5 form experiment varies today: the complaint form's type picker. */
export const FORM_TARGET = "type_picker";

/** The layout everyone gets outside a running form experiment: a shipped winner's (lib/experiments/manage-experiments.ts). */
export const H5_FORM_SETTING: SettingDefinition<{ layout: FormLayout }> = {
  key: "h5_form",
  schema: z.object({ layout: z.enum(FORM_LAYOUTS) }),
  defaults: { layout: "two_step" },
};

/**
 * The layout this customer's complaint form is drawn with, and their view recorded: when a form
 * experiment runs and the customer is in it (share, tier, region), their arm's layout (the
 * control: the layout in force); otherwise the layout in force (H5_FORM_SETTING). The first view per experiment is kept (a reload is not another view), with
 * the arm, so the completion rate counts customers, not page loads.
 */
export async function formLayoutFor({
  db,
  customerId,
  now = new Date(),
}: {
  db: Db;
  customerId: string;
  now?: Date;
}): Promise<FormLayout> {
  const experiment = await db.experiment.findFirst({
    where: { variable: "h5_form", target: FORM_TARGET, status: "running" },
    select: {
      id: true,
      sharePercent: true,
      tiers: true,
      regions: true,
      arms: { select: { key: true, control: true, form: true }, orderBy: { key: "asc" } },
    },
  });
  const { value } = await readSetting({ db, setting: H5_FORM_SETTING });
  if (!experiment) return value.layout;
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: { tier: true, region: true } });
  if (!customer) return value.layout;
  const audience = { ...experiment, categories: [] };
  if (!inAudience({ audience, complaint: { customerId, tier: customer.tier, region: customer.region, category: "" } }))
    return value.layout;
  const arm = armForCustomer({
    experimentId: experiment.id,
    customerId,
    sharePercent: experiment.sharePercent,
    arms: experiment.arms,
  });
  if (!arm) return value.layout;
  await db.experimentView.createMany({
    data: [{ experimentId: experiment.id, customerId, arm: arm.key, viewedAt: now }],
    skipDuplicates: true,
  });
  return !arm.control && arm.form === "flat" ? "flat" : value.layout;
}
