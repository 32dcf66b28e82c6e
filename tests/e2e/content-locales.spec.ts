import { expect, test } from "@playwright/test";
import { h5Link, putOrder, staffPage } from "./support";

const run = Date.now().toString(36).toUpperCase();
const orderNo = `E2EES${run}`;

test("a Spanish-speaking customer's complaint: amounts in their format; the agent is told and the reply templates come in Spanish", async ({
  browser,
  page: customer,
  request,
}) => {
  await putOrder(request, orderNo, { externalId: `ES-${run}`, name: "Lucía" }, "42.00");
  await customer.goto(await h5Link(customer.request, orderNo));
  await customer.getByLabel("语言").selectOption("es");
  await expect(customer.getByRole("heading", { name: "Reportar un problema" })).toBeVisible();
  // Amounts as a Spanish reader writes them.
  await expect(customer.getByTestId("order-summary")).toContainText(/42,00\s¥/);
  await customer.getByRole("radio", { name: "Problema de calidad" }).click();
  await customer.getByLabel("Descripción").fill("Los mangos llegaron podridos");
  await customer.getByRole("button", { name: "Enviar" }).click();
  await expect(customer).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/);
  const complaintId = customer.url().split("/").at(-1)!;
  await customer.getByLabel("Idioma").selectOption("zh-CN");

  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto(`/admin/complaints/${complaintId}`);
  await expect(agent.getByTestId("reply-language")).toContainText("Español");
  await agent.getByTestId("reply-template").selectOption("apology");
  const reply = agent.getByTestId("action-reply").locator("textarea");
  await expect(reply).toHaveValue(/^Hola, Lucía: sentimos mucho las molestias\./);
  await expect(reply).toHaveValue(new RegExp(`«Problema de calidad» sobre el pedido ${orderNo}`));
});
