"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const POLL_MS = 4000;

/**
 * Keeps the complaint page current without a manual refresh: polls a tiny marker while the page
 * is visible and re-renders the server components when it changes. Polling (not a socket) because
 * H5 pages live inside shop apps' webviews, where long-lived connections are often cut.
 */
export function LiveRefresh({ complaintId, marker }: { complaintId: string; marker: string }) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (stopped || document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/h5/complaints/${complaintId}/marker`, { cache: "no-store" });
        if (!response.ok) return;
        const data = (await response.json()) as { marker?: string };
        if (data.marker && data.marker !== marker) router.refresh();
      } catch {
        // offline for a moment: the next tick tries again
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [complaintId, marker, router]);
  return null;
}
