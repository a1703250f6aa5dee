import PDFDocument from "pdfkit";
import type { DocumentSnapshot } from "@/lib/invoices/snapshot";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";

export interface PrintableDocument {
  /** "Invoice 17", "Credit note 3", "Estimate" */
  title: string;
  date: Date;
  dueAt?: Date;
  snapshot: DocumentSnapshot;
  /** printed under the title, e.g. the balance due or "Paid in full" */
  note?: string;
}

const A4 = { width: 595.28, left: 50, right: 545.28 };
const COLUMNS = { description: 50, qty: 300, unit: 345, rate: 420, amount: 465 };
const day = (date: Date) => date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * An A4 estimate, invoice or credit note with the workshop's details, the
 * customer and car, each job's lines, and the tax breakdown by rate. Uses
 * the PDF standard fonts, so nothing is fetched or embedded.
 */
export function renderDocumentPdf(printable: PrintableDocument): Promise<Buffer> {
  const { snapshot: s } = printable;
  const money = (minor: number) => formatMoney(minor, s.currency);
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `${printable.title} - ${s.workshop.name}`, Author: s.workshop.name } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const workshop = [s.workshop.addressLine1, [s.workshop.postcode, s.workshop.city].filter(Boolean).join(" "), s.workshop.phone, s.workshop.email]
    .filter((part): part is string => Boolean(part));
  doc.font("Helvetica-Bold").fontSize(18).text(s.workshop.name, A4.left, 50);
  doc.font("Helvetica").fontSize(9).fillColor("#333").text(workshop.join("\n"));
  if (s.workshop.taxNumber) doc.text(`VAT no. ${s.workshop.taxNumber}`);
  doc.font("Helvetica-Bold").fontSize(16).fillColor("#000").text(printable.title, 350, 50, { width: 195, align: "right" });
  const dates = [`Date: ${day(printable.date)}`, `Repair order: ${s.repairOrder.number}`];
  if (printable.dueAt) dates.push(`Due: ${day(printable.dueAt)}`);
  if (s.creditedInvoiceNumber) dates.push(`Credits invoice ${s.creditedInvoiceNumber}`);
  doc.font("Helvetica").fontSize(9).text(dates.join("\n"), 350, doc.y + 4, { width: 195, align: "right" });

  let y = Math.max(doc.y, 140) + 12;
  const billTo = [s.billTo.name, s.billTo.addressLine1, [s.billTo.postcode, s.billTo.city].filter(Boolean).join(" "), s.billTo.email].filter(Boolean);
  const car = [
    [s.vehicle.registration, [s.vehicle.make, s.vehicle.model, s.vehicle.year].filter(Boolean).join(" ")].filter(Boolean).join(" - "),
    s.vehicle.vin ? `VIN ${s.vehicle.vin}` : null,
    s.vehicle.odometer !== null ? `Odometer ${s.vehicle.odometer.toLocaleString("en-GB")}` : null,
  ].filter(Boolean);
  doc.font("Helvetica-Bold").fontSize(9).text("Bill to", A4.left, y).text("Vehicle", 300, y);
  doc.font("Helvetica").text(billTo.join("\n"), A4.left, y + 12, { width: 230 });
  const afterBillTo = doc.y;
  doc.text(car.join("\n"), 300, y + 12, { width: 245 });
  y = Math.max(afterBillTo, doc.y) + 10;
  if (s.reason) {
    doc.font("Helvetica-Oblique").text(`Reason: ${s.reason}`, A4.left, y, { width: 495 });
    y = doc.y + 8;
  }

  const header = (top: number) => {
    doc.font("Helvetica-Bold").fontSize(9);
    doc.text("Description", COLUMNS.description, top).text("Qty", COLUMNS.qty, top, { width: 40, align: "right" });
    doc.text("Unit price", COLUMNS.unit, top, { width: 70, align: "right" }).text("Tax", COLUMNS.rate, top, { width: 40, align: "right" });
    doc.text("Amount", COLUMNS.amount, top, { width: 80, align: "right" });
    doc.moveTo(A4.left, top + 12).lineTo(A4.right, top + 12).strokeColor("#999").stroke();
    return top + 16;
  };
  y = header(y);
  for (const job of s.jobs) {
    if (y > 740) { doc.addPage(); y = header(50); }
    doc.font("Helvetica-Bold").fontSize(9).text(job.title, COLUMNS.description, y, { width: 240 });
    y = doc.y + 2;
    for (const line of job.lines) {
      if (y > 760) { doc.addPage(); y = header(50); }
      doc.font("Helvetica").fontSize(9).text(line.description, COLUMNS.description + 8, y, { width: 235 });
      const bottom = doc.y;
      doc.text(formatQuantity(line.quantityMilli), COLUMNS.qty, y, { width: 40, align: "right" });
      doc.text(money(line.unitPriceMinor), COLUMNS.unit, y, { width: 70, align: "right" });
      doc.text(`${line.taxRateBp / 100}%`, COLUMNS.rate, y, { width: 40, align: "right" });
      doc.text(money(s.pricesIncludeTax ? line.gross : line.net), COLUMNS.amount, y, { width: 80, align: "right" });
      y = Math.max(bottom, doc.y) + 3;
    }
    y += 4;
  }

  if (y > 680) { doc.addPage(); y = 50; }
  doc.moveTo(330, y).lineTo(A4.right, y).strokeColor("#999").stroke();
  y += 6;
  const row = (label: string, value: string, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 9);
    doc.text(label, 330, y, { width: 130 }).text(value, COLUMNS.amount, y, { width: 80, align: "right" });
    y = doc.y + 3;
  };
  row("Net", money(s.totals.net));
  for (const rate of s.totals.byRate) row(`Tax at ${rate.taxRateBp / 100}% on ${money(rate.net)}`, money(rate.tax));
  row("Total", money(s.totals.gross), true);
  if (printable.note) row(printable.note, "", true);
  doc.font("Helvetica").fontSize(8).fillColor("#555").text(
    s.pricesIncludeTax ? "Prices include tax." : "Tax is added to the prices shown.",
    A4.left, Math.max(y + 16, doc.y + 16), { width: 495 },
  );
  doc.end();
  return done;
}
