import { z } from "zod";

/** Thousandths of a unit from "2", "0.5" or "-1.25": exact for the digits the regex allows. */
const toMilli = (text: string) => {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, "0"));
  return negative ? -milli : milli;
};

/** A stock level such as a reorder level: zero or more, up to three decimals. */
export const stockQuantity = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a quantity like 0, 4 or 2.5 (up to three decimals).")
  .transform(toMilli);

/** A stock take's correction: "+2" found, "-1" missing; never zero. */
export const signedQuantity = z
  .string()
  .trim()
  .regex(/^[+-]?\d{1,6}(\.\d{1,3})?$/, "Enter the change like +2 or -1.5 (up to three decimals).")
  .transform(toMilli)
  .refine((milli) => milli !== 0, "The change cannot be zero.");
