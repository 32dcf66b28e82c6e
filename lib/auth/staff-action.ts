import "server-only";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { formStateFromError, type FormState } from "../forms/form-state";
import { parseInput } from "../validation";
import type { Permission } from "./permissions";
import type { StaffActor } from "./staff-actor";
import { requireStaff } from "./staff-session";

/**
 * The body every workspace server action shares: the permission check first, then the zod
 * schema, then the operation; expected errors come back translated (field by field), anything
 * else as a generic message with a log id. Revalidation happens only after success.
 */
export async function runStaffAction<S extends z.ZodType, R>({
  permission,
  schema,
  input,
  run,
  revalidate,
  successKey = "admin.detail.saved",
}: {
  permission: Permission;
  schema: S;
  input: unknown;
  run: (actor: StaffActor, data: z.output<S>) => Promise<R>;
  revalidate?: string;
  successKey?: string;
}): Promise<FormState & { result?: R }> {
  const t = await getTranslations();
  let result: R;
  try {
    const actor = await requireStaff(permission);
    result = await run(actor, parseInput(schema, input));
  } catch (error) {
    return formStateFromError({ t, error });
  }
  if (revalidate) revalidatePath(revalidate);
  return { ok: true, message: t(successKey as "admin.detail.saved"), result };
}

/** FormData → plain object (repeated keys become arrays), for zod. */
export function formObject(formData: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (key in object) object[key] = ([] as unknown[]).concat(object[key], value);
    else object[key] = value;
  }
  return object;
}
