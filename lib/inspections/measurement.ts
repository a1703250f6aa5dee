import { z } from "zod";

/**
 * "3.5" (or "3,5", as a phone keyboard may offer) -> 3500 thousandths, by
 * string arithmetic: no float ever holds a measurement. Up to three decimals.
 */
export const measurement = z
  .string()
  .trim()
  .regex(/^\d{1,6}([.,]\d{1,3})?$/, "Enter a measurement like 3.5 (up to three decimals).")
  .transform((text) => {
    const [whole, fraction = ""] = text.split(/[.,]/);
    return Number(whole) * 1000 + Number(fraction.padEnd(3, "0"));
  });

/** 3500 -> "3.5"; 2000 -> "2"; 125 -> "0.125" */
export function formatMilli(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export const formatMeasurement = (milli: number, unit: string | null) => `${formatMilli(milli)}${unit ? ` ${unit}` : ""}`;
