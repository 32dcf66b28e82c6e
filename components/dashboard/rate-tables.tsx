import Link from "next/link";
import type { RateRow } from "@/lib/dashboard/rates-view";

/**
 * One of the rate panel's small tables: what, the rate per 1 000 orders, the complaints and orders
 * it rests on. The name opens the queue on exactly the complaints counted.
 */
export function RateTable({
  title,
  rows,
  columns,
  fewOrders,
  emptyLabel,
  testId,
}: {
  title: string;
  rows: RateRow[];
  columns: { name: string; rate: string; complaints: string; orders: string };
  /** The hint on a rate resting on few orders. */
  fewOrders: string;
  emptyLabel: string;
  testId: string;
}) {
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium">{title}</h3>
      {rows.length ? (
        <table className="mt-1 w-full text-xs" data-testid={testId}>
          <thead className="text-gray-500">
            <tr>
              <th className="text-left font-normal">{columns.name}</th>
              <th className="text-right font-normal">{columns.rate}</th>
              <th className="text-right font-normal">{columns.complaints}</th>
              <th className="text-right font-normal">{columns.orders}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-t border-gray-100">
                <td className="py-0.5">
                  <Link href={row.href} className="text-brand" data-count={row.complaints} data-key={row.key}>
                    {row.label}
                  </Link>
                </td>
                <td className="text-right font-medium" data-testid="rate">
                  {row.rate}
                  {row.fewOrders ? (
                    <span className="text-amber-600" title={fewOrders} aria-label={fewOrders}>
                      {" "}
                      *
                    </span>
                  ) : null}
                </td>
                <td className="text-right text-gray-500">{row.complaints}</td>
                <td className="text-right text-gray-500">{row.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-xs text-gray-500">{emptyLabel}</p>
      )}
    </div>
  );
}
