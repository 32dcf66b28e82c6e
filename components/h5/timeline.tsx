import { getFormatter, getTranslations } from "next-intl/server";
import { customerTimelineText, type TimelineKind } from "@/lib/complaints/vocabulary/timeline-events";
import type { Translator } from "@/lib/i18n/translator";

type Entry = { at: Date; kind: TimelineKind; payload: unknown };

/** The customer's time axis, newest last, each entry with its time. */
export async function Timeline({ entries }: { entries: Entry[] }) {
  const t = (await getTranslations()) as unknown as Translator;
  const format = await getFormatter();
  return (
    <ol className="relative ml-2 border-l border-gray-200" data-testid="timeline">
      {entries.map((entry, index) => (
        <li key={index} className="mb-4 ml-4" data-kind={entry.kind}>
          <span
            className={`absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white ${index === entries.length - 1 ? "bg-brand" : "bg-gray-300"}`}
          />
          <time className="block text-xs text-gray-500">
            {format.dateTime(entry.at, { dateStyle: "short", timeStyle: "short" })}
          </time>
          <p className="text-sm text-gray-800">{customerTimelineText({ t, event: entry })}</p>
        </li>
      ))}
    </ol>
  );
}
