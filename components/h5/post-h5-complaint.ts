import type { FormState } from "@/lib/forms/form-state";

/** The answer of POST /api/h5/complaints: where the new complaint is, or a problem+json refusal. */
type Answer = { location?: string; title?: string; errors?: { field: string; message: string }[] };

/** The complaint form's fields as the route reads them (validated there by h5ComplaintSchema). */
export function complaintFields(formData: FormData) {
  return {
    orderNo: formData.get("orderNo"),
    category: formData.get("category") ?? undefined,
    description: formData.get("description") ?? "",
    contact: formData.get("contact") ?? undefined,
    imageIds: formData.getAll("imageIds").filter((id) => id !== ""),
    submissionId: formData.get("submissionId"),
  };
}

/**
 * Sends the complaint form to POST /api/h5/complaints (pages/api/h5/complaints.ts) as JSON, read
 * from the form as the server action read it. Filed: where the complaint is. Refused: the form's
 * state from the translated problem — its title, and a message per invalid field.
 */
export async function postH5Complaint({
  formData,
  sendFailed,
}: {
  formData: FormData;
  /** The message when no answer comes (offline, the connection dropped). */
  sendFailed: string;
}): Promise<{ state: FormState; location?: string }> {
  const body = complaintFields(formData);
  let answer: Answer;
  let status: number;
  try {
    const response = await fetch("/api/h5/complaints", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
    status = response.status;
    answer = (await response.json()) as Answer;
  } catch {
    return { state: { message: sendFailed } };
  }
  if (status === 201 && answer.location) return { state: { ok: true }, location: answer.location };
  const fieldErrors = Object.fromEntries((answer.errors ?? []).map((error) => [error.field, error.message]));
  return {
    state: { message: answer.title ?? sendFailed, ...(answer.errors?.length ? { fieldErrors } : {}) },
  };
}
