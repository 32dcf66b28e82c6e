"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

function clock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Time to (or past) the running SLA deadline, ticking every second. */
export function SlaCountdown({
  dueAt,
  pausedAt,
  soonMinutes = 30,
}: {
  dueAt: string | null;
  pausedAt: string | null;
  soonMinutes?: number;
}) {
  const t = useTranslations("admin.sla");
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    // The first tick right after hydration, then every second while a deadline runs.
    const first = setTimeout(tick, 0);
    const timer = dueAt ? setInterval(tick, 1000) : undefined;
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [dueAt]);
  if (pausedAt)
    return (
      <span className="text-gray-500" data-sla="paused">
        {t("paused")}
      </span>
    );
  if (!dueAt)
    return (
      <span className="text-gray-400" data-sla="none">
        {t("none")}
      </span>
    );
  // Until hydrated, render nothing time-dependent (server and browser clocks differ).
  if (now === null) return <span className="text-gray-400">…</span>;
  const left = new Date(dueAt).getTime() - now;
  const state = left < 0 ? "breached" : left < soonMinutes * 60_000 ? "soon" : "ok";
  const color =
    state === "breached"
      ? "text-red-600 font-semibold"
      : state === "soon"
        ? "text-amber-600 font-medium"
        : "text-green-700";
  return (
    <span className={`tabular-nums ${color}`} data-sla={state} suppressHydrationWarning>
      {left < 0 ? t("over", { time: clock(left) }) : t("left", { time: clock(left) })}
    </span>
  );
}
