import { isValidVin, normalizeVin } from "@/lib/vehicles/vin";

/** What a search box query asks for, decided before any SQL runs. */
export interface ParsedSearch {
  /** repair order number to look up, if the query names one */
  repairOrderNumber: number | null;
  invoiceNumber: number | null;
  creditNoteNumber: number | null;
  /** a full, valid VIN: one exact lookup instead of a scan */
  vin: string | null;
  /** free text for names, emails, phones, plates and VIN endings; null when the query is only a number reference */
  text: string | null;
}

// Numbers are Int columns: nine digits stay below 2^31.
const NUMBER = String.raw`\s*[-#:.]?\s*0*(\d{1,9})`;
const REPAIR_ORDER = new RegExp(String.raw`^(?:ro|r/o|repair\s*order|order)${NUMBER}$`, "i");
const INVOICE = new RegExp(String.raw`^(?:inv|invoice)${NUMBER}$`, "i");
const CREDIT_NOTE = new RegExp(String.raw`^(?:cn|credit(?:\s*note)?)${NUMBER}$`, "i");
const HASH_NUMBER = /^#\s*0*(\d{1,9})$/;
const BARE_NUMBER = /^0*(\d{1,9})$/;

const none: ParsedSearch = { repairOrderNumber: null, invoiceNumber: null, creditNoteNumber: null, vin: null, text: null };

/**
 * "RO 1042" / "order #1042" -> that repair order; "INV 17" / "invoice 17" -> that invoice;
 * "CN 3" / "credit note 3" -> that credit note. A bare number ("1042", "#1042") may be any of
 * the three; a bare number without "#" is also searched as text (part of a phone, a VIN ending).
 */
export function parseSearch(query: string): ParsedSearch {
  const q = query.trim();
  const number = (match: RegExpMatchArray | null) => (match ? Number(match[1]) : null);
  const repairOrder = number(q.match(REPAIR_ORDER));
  if (repairOrder !== null) return { ...none, repairOrderNumber: repairOrder };
  const invoice = number(q.match(INVOICE));
  if (invoice !== null) return { ...none, invoiceNumber: invoice };
  const creditNote = number(q.match(CREDIT_NOTE));
  if (creditNote !== null) return { ...none, creditNoteNumber: creditNote };
  const hash = number(q.match(HASH_NUMBER));
  if (hash !== null) return { ...none, repairOrderNumber: hash, invoiceNumber: hash, creditNoteNumber: hash };
  const bare = number(q.match(BARE_NUMBER));
  if (bare !== null) return { repairOrderNumber: bare, invoiceNumber: bare, creditNoteNumber: bare, vin: null, text: q.length >= 2 ? q : null };
  const vin = normalizeVin(q);
  if (vin.length === 17 && isValidVin(vin)) return { ...none, vin };
  return { ...none, text: q };
}
