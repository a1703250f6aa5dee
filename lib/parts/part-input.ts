import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { money } from "@/lib/repair-orders/edit-jobs";
import { sellingPriceMinor } from "./part-price";
import { stockQuantity } from "./quantities";

/** The largest selling price a job line can hold (JobLine.unitPriceMinor is a 4-byte integer). */
export const MAX_PRICE_MINOR = 2_147_483_647;

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Use at most ${max} characters.`).optional());
// A select ("true"/"false") rather than a checkbox: an unticked box sends nothing, which would read as "keep".
const yesNo = z.preprocess(blankToUndefined, z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).default(true));

/** "35" or "12.5" per cent -> basis points (3500, 1250). */
const markupPercent = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,2})?$/, "Enter the markup as a percentage like 30 or 12.5.")
  .transform((text) => {
    const [whole, fraction = ""] = text.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  })
  .refine((bp) => bp <= 100_000, "A markup cannot be over 1000 %.");

/**
 * The part form. The selling price is either fixed or a markup on cost, never
 * both (the database's Part_one_price_rule): the rule picks which field counts.
 */
export const ZPart = z
  .object({
    // Upper-cased so "abc-1" and "ABC-1" are one SKU for uniqueness and search.
    sku: z.string().trim().toUpperCase().min(1, "Enter the part number (SKU).").max(64, "Use at most 64 characters."),
    brand: optionalText(80),
    description: z.string().trim().min(1, "Describe the part.").max(300, "Use at most 300 characters."),
    cost: money,
    priceRule: z.enum(["FIXED", "MARKUP"], { message: "Choose a fixed price or a markup on cost." }),
    price: z.preprocess(blankToUndefined, money.optional()),
    markup: z.preprocess(blankToUndefined, markupPercent.optional()),
    reorderLevel: z.preprocess(blankToUndefined, stockQuantity.default(0)),
    defaultSupplierId: z.preprocess(blankToUndefined, z.string().optional()),
    active: yesNo,
  })
  .superRefine((part, issue) => {
    if (part.priceRule === "FIXED" && part.price === undefined) issue.addIssue({ code: "custom", path: ["price"], message: "Enter the selling price." });
    if (part.priceRule === "MARKUP" && part.markup === undefined) issue.addIssue({ code: "custom", path: ["markup"], message: "Enter the markup on cost." });
    // A job line's unit price is a 4-byte integer: a selling price beyond it could never be put on a repair order.
    if (part.priceRule === "MARKUP" && part.markup !== undefined && sellingPriceMinor({ costMinor: part.cost, priceMinor: null, markupBp: part.markup }) > MAX_PRICE_MINOR) {
      issue.addIssue({ code: "custom", path: ["markup"], message: `Cost plus this markup is over ${(MAX_PRICE_MINOR / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })}, the most a part can sell for: lower the markup or the cost.` });
    }
  });

export type PartInput = z.infer<typeof ZPart>;

export const partData = (input: PartInput) => ({
  sku: input.sku,
  brand: input.brand ?? null,
  description: input.description,
  costMinor: input.cost,
  priceMinor: input.priceRule === "FIXED" ? (input.price ?? 0) : null,
  markupBp: input.priceRule === "MARKUP" ? (input.markup ?? 0) : null,
  reorderLevelMilli: input.reorderLevel,
  defaultSupplierId: input.defaultSupplierId ?? null,
  active: input.active,
});
