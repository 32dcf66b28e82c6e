import { complaintViewJson } from "@/lib/api/complaint-json";
import { shopRoute } from "@/lib/api/shop-route";
import { getComplaintView } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
import { translatorFor } from "@/lib/i18n/translator";

export const GET = shopRoute<{ id: string }>("/api/v1/complaints/{id}", async ({ params, locale }) => {
  const view = await getComplaintView({ db, id: params.id, viewer: { kind: "shop" } });
  return Response.json(complaintViewJson(view, translatorFor(locale)));
});
