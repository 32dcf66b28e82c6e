import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { ErrorNotice } from "@/components/h5/error-notice";
import { SwitchCustomer } from "@/components/h5/switch-customer";
import { getH5Session, H5_PENDING_LINK_COOKIE } from "@/lib/auth/h5-session";
import { previewH5Switch } from "@/lib/auth/open-h5-link";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Where /h5/enter sends a link opened while another customer is signed in here. */
export default async function SwitchCustomerPage() {
  const token = (await cookies()).get(H5_PENDING_LINK_COOKIE)?.value;
  const t = await getTranslations();
  if (!token) return <ErrorNotice message={t("errors.link_invalid")} />;
  const preview = await previewH5Switch({ db, token, secret: getEnv().H5_LINK_SECRET, current: await getH5Session() });
  if (!preview.ok) return <ErrorNotice message={t(`errors.${preview.code}`)} />;
  return (
    <SwitchCustomer
      jti={preview.jti}
      orderNo={preview.orderNo}
      linkCustomer={preview.linkCustomer}
      currentCustomer={preview.currentCustomer}
    />
  );
}
