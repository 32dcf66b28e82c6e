"use client";

import {
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import type { QueueRow } from "@/lib/complaints/queue/list-queue";
import { SlaCountdown } from "./sla-countdown";
import { categoryKey, priorityKey, statusKey } from "@/lib/complaints/vocabulary/label-keys";
import { isEscalated } from "@/lib/complaints/vocabulary/terms";
import { complaintNumber } from "@/lib/complaints/complaint-number";

const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, QueueRow>();
const SORTABLE = new Set(["created", "sla", "priority"]);

const PRIORITY_STYLE: Record<string, string> = {
  high: "bg-red-100 text-red-700",
  medium: "bg-amber-100 text-amber-700",
  low: "bg-gray-100 text-gray-600",
};

/**
 * The queue's rows. Sorting is done by the server: a header click rewrites the URL (sort, dir)
 * and drops the page cursor, so the sorted view is shareable like every filter.
 */
export function QueueTable({
  rows,
  sort,
  dir,
  groupNames,
}: {
  rows: QueueRow[];
  sort: string;
  dir: "asc" | "desc";
  /** Handling groups: code → name in the viewer's language. */
  groupNames: Record<string, string>;
}) {
  const t = useTranslations();
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor("id", {
          id: "id",
          header: () => t("admin.queue.columns.id"),
          enableSorting: false,
          cell: (c) => (
            <Link className="font-mono text-brand underline" href={`/admin/complaints/${c.getValue()}`}>
              {complaintNumber(c.getValue())}
            </Link>
          ),
        }),
        helper.accessor("category", {
          id: "category",
          header: () => t("admin.queue.columns.category"),
          enableSorting: false,
          cell: (c) => t(categoryKey(c.getValue())),
        }),
        helper.accessor("excerpt", {
          id: "description",
          header: () => t("admin.queue.columns.description"),
          enableSorting: false,
          cell: (c) => <span className="line-clamp-2 max-w-xs">{c.getValue()}</span>,
        }),
        helper.accessor("status", {
          id: "status",
          header: () => t("admin.queue.columns.status"),
          enableSorting: false,
          cell: (c) => t(statusKey(c.getValue())),
        }),
        helper.accessor("priority", {
          id: "priority",
          header: () => t("admin.queue.columns.priority"),
          cell: (c) => (
            <span className={`rounded px-1.5 py-0.5 text-xs ${PRIORITY_STYLE[c.getValue()] ?? ""}`}>
              {t(priorityKey(c.getValue()))}
              {isEscalated(c.row.original.escalationLevel) ? ` · ${t("admin.queue.escalated")}` : ""}
            </span>
          ),
        }),
        helper.accessor("groupCode", {
          id: "group",
          header: () => t("admin.queue.columns.group"),
          enableSorting: false,
          cell: (c) => groupNames[c.getValue()] ?? c.getValue(),
        }),
        helper.accessor("assigneeName", {
          id: "assignee",
          header: () => t("admin.queue.columns.assignee"),
          enableSorting: false,
          cell: (c) => c.getValue() ?? <span className="text-gray-400">{t("admin.queue.filters.none")}</span>,
        }),
        helper.accessor("customerName", {
          id: "customer",
          header: () => t("admin.queue.columns.customer"),
          enableSorting: false,
          cell: (c) => (
            <>
              {c.getValue()}
              {c.row.original.tier === "vip" ? (
                <span className="ml-1 rounded bg-yellow-100 px-1 text-xs text-yellow-800">{t("admin.queue.vip")}</span>
              ) : null}
            </>
          ),
        }),
        helper.accessor("region", {
          id: "region",
          header: () => t("admin.queue.columns.region"),
          enableSorting: false,
        }),
        helper.accessor("createdAt", {
          id: "created",
          header: () => t("admin.queue.columns.created"),
          cell: (c) => format.dateTime(new Date(c.getValue()), { dateStyle: "short", timeStyle: "short" }),
        }),
        helper.accessor("slaDueAt", {
          id: "sla",
          header: () => t("admin.queue.columns.sla"),
          cell: (c) => <SlaCountdown dueAt={c.getValue()} pausedAt={c.row.original.slaPausedAt} />,
        }),
      ]),
    [t, format, groupNames],
  );

  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !SORTABLE.has(first.id)) return;
      // Typed nullable since pages/ exists (the Pages Router's hook may return null); under app/ it never is.
      const params = new URLSearchParams(searchParams?.toString());
      params.set("sort", first.id);
      params.set("dir", first.desc ? "desc" : "asc");
      params.delete("after");
      router.push(`${pathname}?${params.toString()}`);
    },
  });

  return (
    <table className="min-w-full text-left text-sm" data-testid="queue-table">
      <thead className="bg-gray-50 text-gray-600">
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const sortable = SORTABLE.has(header.column.id);
              return (
                <th
                  key={header.id}
                  className="whitespace-nowrap px-3 py-2 font-medium"
                  aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                >
                  {sortable ? (
                    <button
                      type="button"
                      className="hover:text-gray-900"
                      onClick={header.column.getToggleSortingHandler()}
                    >
                      <table.FlexRender header={header} />
                      {sorted ? (sorted === "asc" ? " ▲" : " ▼") : ""}
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            className="border-t border-gray-100 align-top hover:bg-gray-50"
            data-testid="queue-row"
            data-complaint-id={row.id}
          >
            {row.getAllCells().map((cell) => (
              <td key={cell.id} className="px-3 py-2">
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
