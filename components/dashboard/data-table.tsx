import Link from "next/link";

export type DataRow = { key?: string; label: string; value: string; count: number; href: string };

/** The numbers behind a chart, as links: readable without the picture, and exact. */
export function DataTable({
  rows,
  label,
  countLabel,
  testId,
}: {
  rows: DataRow[];
  label: string;
  countLabel: string;
  testId: string;
}) {
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer text-gray-500">{label}</summary>
      <table className="mt-1 w-full" data-testid={testId}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-t border-gray-100">
              <td className="py-0.5">
                <Link href={row.href} className="text-brand" data-count={row.count} data-key={row.key}>
                  {row.label}
                </Link>
              </td>
              <td className="text-right">{row.value}</td>
              <td className="text-right text-gray-500">
                {countLabel} {row.count}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
