import type { Db } from "../db-client";
import { statsRows } from "./rollup-sources";

/**
 * The shop's region names: those complaints have been filed under (the order's region, snapshotted
 * on the complaint). The dashboard's region filter lists them, and keywords naming one are shown
 * as regions (lib/nlp/keywords.ts) even where jieba does not know the name as a place.
 */
export async function shopRegions({ db }: { db: Db }): Promise<string[]> {
  const rows = await db.$queryRaw<
    { region: string }[]
  >`SELECT DISTINCT s.region FROM (${statsRows({})}) s WHERE s.region <> '' ORDER BY 1`;
  return rows.map((r) => r.region);
}
