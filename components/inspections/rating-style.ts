import type { InspectionRating } from "@/lib/generated/prisma/client";

/** The technician's words on the buttons, and the colours every screen uses for them. */
export const RATING = {
  GREEN: { label: "Green", meaning: "OK", customer: "Checked and OK", chosen: "bg-green-700 text-white border-green-700", idle: "border-green-700 text-green-800 bg-white", badge: "bg-green-100 text-green-800" },
  AMBER: { label: "Amber", meaning: "soon", customer: "Will need attention soon", chosen: "bg-amber-500 text-slate-950 border-amber-600", idle: "border-amber-600 text-amber-900 bg-white", badge: "bg-amber-100 text-amber-900" },
  RED: { label: "Red", meaning: "now", customer: "Needs attention now", chosen: "bg-red-700 text-white border-red-700", idle: "border-red-700 text-red-800 bg-white", badge: "bg-red-100 text-red-800" },
} as const satisfies Record<InspectionRating, { label: string; meaning: string; customer: string; chosen: string; idle: string; badge: string }>;

export const RATINGS = ["GREEN", "AMBER", "RED"] as const satisfies readonly InspectionRating[];
