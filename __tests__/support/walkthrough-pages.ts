// Every page a workshop uses, where the walkthrough finds it in the seeded workshop, who visits it,
// what it must show, and the main actions Tab must reach. The walkthrough fails on a page.tsx that
// is neither here nor in NOT_WALKED with a reason, so a new page cannot be missed.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { WalkthroughWorkshop } from "./walkthrough-seed";

/** owner: signed in as the owner at a desk; visitor: signed out; technician: signed in on a phone */
export type Visitor = "owner" | "visitor" | "technician";

export interface WalkedPage {
  file: string;
  visitor: Visitor;
  path: (w: WalkthroughWorkshop) => string;
  /** the level-1 heading */
  heading: RegExp;
  /** seeded content the page must show, so an empty page cannot pass */
  shows?: RegExp;
  /**
   * names of the controls Tab must reach from the top of the page (billing has none without
   * Stripe configured: there, the end of the workshop's navigation)
   */
  actions: RegExp[];
}

const ws = (w: WalkthroughWorkshop) => `/${w.owner.orgSlug}`;

export const PAGES: WalkedPage[] = [
  { file: "app/page.tsx", visitor: "visitor", path: () => "/", heading: /^AWMS$/, actions: [/^Sign in$/, /^Create a workshop$/] },
  { file: "app/sign-in/page.tsx", visitor: "visitor", path: () => "/sign-in", heading: /Sign in/, actions: [/^Email$/, /^Password$/, /^Sign in$/] },
  { file: "app/sign-up/page.tsx", visitor: "visitor", path: () => "/sign-up", heading: /Create your workshop/, actions: [/^Create workshop$/] },
  { file: "app/forgot-password/page.tsx", visitor: "visitor", path: () => "/forgot-password", heading: /Reset your password/, actions: [/^Email me a reset link$/] },
  { file: "app/reset-password/page.tsx", visitor: "visitor", path: (w) => w.resetPath, heading: /Choose a new password/, actions: [/^Set new password$/] },
  { file: "app/invitations/accept/page.tsx", visitor: "visitor", path: (w) => w.invitationPath, heading: /Join/, shows: /Demo Motors/, actions: [/^(Accept and join|Create account and join)$/] },
  { file: "app/book/[orgSlug]/page.tsx", visitor: "visitor", path: (w) => `/book${ws(w)}`, heading: /Book an appointment/, shows: /Demo Motors/, actions: [/free$/, /^Your name$/, /^Send request$/] },
  { file: "app/book/[orgSlug]/received/page.tsx", visitor: "visitor", path: (w) => `/book${ws(w)}/received`, heading: /Request received/, actions: [/^Book another time$/] },
  { file: "app/estimate/[orgSlug]/[token]/page.tsx", visitor: "visitor", path: (w) => w.estimatePath, heading: /^Estimate for /, shows: /Clutch replacement/, actions: [/^Send my answer$/] },
  { file: "app/developers/api/page.tsx", visitor: "visitor", path: () => "/developers/api", heading: /AWMS API v1/, actions: [/^AWMS$/] },

  { file: "app/[orgSlug]/page.tsx", visitor: "owner", path: ws, heading: /^Demo Motors$/, shows: /OH16 KLM/, actions: [/^Skip to content$/, /^Search customers/, /OH16 KLM/] },
  { file: "app/[orgSlug]/customers/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/customers`, heading: /Customers and vehicles/, shows: /Oliver Hughes/, actions: [/^Add customer$/, /^Oliver Hughes$/] },
  { file: "app/[orgSlug]/customers/new/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/customers/new`, heading: /Add customer/, actions: [/^Name$/, /^Service reminders by email$/, /^Add customer$/] },
  { file: "app/[orgSlug]/customers/[customerId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/customers/${w.customerId}`, heading: /Oliver Hughes/, shows: /OH16 KLM/, actions: [/^Open repair order for OH16 KLM$/, /^Add contact$/] },
  { file: "app/[orgSlug]/appointments/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/appointments`, heading: /^Appointments$/, actions: [/New appointment/] },
  { file: "app/[orgSlug]/appointments/[appointmentId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/appointments/${w.appointmentId}`, heading: /Jane Miller/, shows: /Annual service/, actions: [/^Customer arrived$/, /^Starts$/, /^Save$/] },
  { file: "app/[orgSlug]/repair-orders/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/repair-orders`, heading: /Job board/, shows: /OH16 KLM/, actions: [/^Apply filters$/, /^#\d+ OH16 KLM$/, /^Move #\d+$/] },
  { file: "app/[orgSlug]/repair-orders/[repairOrderId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/repair-orders/${w.repairOrderId}`, heading: /^Repair order \d+$/, shows: /Front brake pads/, actions: [/^Estimate PDF$/, /^Mark ready$/, /^Start inspection$/, /^Add job$/] },
  {
    file: "app/[orgSlug]/repair-orders/[repairOrderId]/inspections/[inspectionId]/page.tsx", visitor: "technician",
    path: (w) => `${ws(w)}/repair-orders/${w.repairOrderId}/inspections/${w.inspectionId}`, heading: /./, shows: /Down to the wear indicator/, actions: [/Add photo/],
  },
  { file: "app/[orgSlug]/my-work/page.tsx", visitor: "technician", path: (w) => `${ws(w)}/my-work`, heading: /My work/, shows: /OH16 KLM/, actions: [/^Clock off “Annual service”$/] },
  { file: "app/[orgSlug]/time-entries/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/time-entries`, heading: /Technician time/, shows: /Tom Technician/, actions: [/^Show$/, /^Clock off Tom Technician from “Annual service”$/] },
  { file: "app/[orgSlug]/canned-jobs/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/canned-jobs`, heading: /Canned jobs/, actions: [/^Job name$/, /^Save canned job$/] },
  { file: "app/[orgSlug]/invoices/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/invoices`, heading: /Invoices/, shows: /Raj Patel/, actions: [/^Unpaid$/, /^Invoice \d+$/] },
  { file: "app/[orgSlug]/invoices/[invoiceId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/invoices/${w.invoiceId}`, heading: /./, shows: /Balance due/, actions: [/^Download PDF$/, /^Amount$/, /^Record payment$/] },
  { file: "app/[orgSlug]/parts/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/parts`, heading: /^Parts$/, shows: /BP-1044/, actions: [/^Low stock$/, /^Add part$/] },
  { file: "app/[orgSlug]/parts/new/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/parts/new`, heading: /Add part/, actions: [/^SKU \(part number\)$/, /^Add part$/] },
  { file: "app/[orgSlug]/parts/low-stock/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/parts/low-stock`, heading: /Low stock/, shows: /BP-1044/, actions: [/^BP-1044$/, /^Add to draft order for BP-1044$/] },
  { file: "app/[orgSlug]/parts/[partId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/parts/${w.partId}`, heading: /BP-1044/, shows: /stock take/, actions: [/^Change$/, /^Adjust stock$/] },
  { file: "app/[orgSlug]/suppliers/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/suppliers`, heading: /Suppliers/, shows: /Euro Car Parts/, actions: [/^Euro Car Parts$/, /^Add supplier$/] },
  { file: "app/[orgSlug]/suppliers/[supplierId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/suppliers/${w.supplierId}`, heading: /Euro Car Parts/, actions: [/^Save supplier$/] },
  { file: "app/[orgSlug]/purchase-orders/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/purchase-orders`, heading: /Purchase orders/, shows: /Euro Car Parts/, actions: [/^New purchase order$/] },
  { file: "app/[orgSlug]/purchase-orders/new/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/purchase-orders/new`, heading: /New purchase order/, actions: [/^Supplier$/, /^Open draft purchase order$/] },
  { file: "app/[orgSlug]/purchase-orders/[purchaseOrderId]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/purchase-orders/${w.purchaseOrderId}`, heading: /Purchase order \d+/, shows: /BP-1044/, actions: [/^Everything arrived$/, /^Book delivery$/] },
  { file: "app/[orgSlug]/reminders/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/reminders`, heading: /Due this month/, shows: /OH16 KLM/, actions: [/^Send now for OH16 KLM$/] },
  { file: "app/[orgSlug]/reports/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/reports`, heading: /^Reports$/, actions: [/^From$/, /^Show$/] },
  { file: "app/[orgSlug]/search/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/search?q=Hughes`, heading: /^Search$/, shows: /Oliver Hughes/, actions: [/Oliver Hughes/] },
  { file: "app/[orgSlug]/settings/workshop/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/workshop`, heading: /Workshop settings/, shows: /Bristol|BS1 4DJ/, actions: [/^Save details$/] },
  { file: "app/[orgSlug]/settings/members/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/members`, heading: /^Members$/, shows: /Tom Technician/, actions: [/^Send invitation$/] },
  { file: "app/[orgSlug]/settings/booking/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/booking`, heading: /Bays, opening hours/, shows: /MOT lane/, actions: [/^Take booking requests online$/, /^Save opening hours$/, /^Add bay$/] },
  { file: "app/[orgSlug]/settings/inspections/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/inspections`, heading: /Inspection checklists/, actions: [/^Create checklist$/] },
  { file: "app/[orgSlug]/settings/billing/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/billing`, heading: /^Billing$/, shows: /Professional/, actions: [/^Skip to content$/, /^Audit log$/] },
  { file: "app/[orgSlug]/settings/api-keys/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/api-keys`, heading: /API keys/, shows: /Accounts sync/, actions: [/^Create key$/, /^Revoke/] },
  { file: "app/[orgSlug]/settings/privacy/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/privacy`, heading: /Data & privacy/, shows: /Emily Chen|Erasure/i, actions: [/^Find the customer$/, /^Start export$/] },
  { file: "app/[orgSlug]/settings/audit-log/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/audit-log`, heading: /Audit log/, shows: /customer\.create|Customer/, actions: [/^Verify the chain$/, /^Filter$/] },
  { file: "app/[orgSlug]/settings/audit-log/[seq]/page.tsx", visitor: "owner", path: (w) => `${ws(w)}/settings/audit-log/${w.auditSeq}`, heading: /Entry #\d+/, actions: [/^Back to the audit log$/] },
  { file: "app/account/profile/page.tsx", visitor: "owner", path: () => "/account/profile", heading: /^Profile$/, shows: /Olivia Owner/, actions: [/^Name$/, /^Save$/] },
  { file: "app/account/security/page.tsx", visitor: "owner", path: () => "/account/security", heading: /^Security$/, actions: [/^Set up two-factor authentication$/, /^Change password$/] },
];

/** Pages the walkthrough does not visit, and why. */
export const NOT_WALKED: Record<string, string> = {
  "app/dev/outbox/page.tsx": "a developer's mail viewer that answers 404 in production (NODE_ENV=production), which is what the walkthrough runs",
};

/** Every page file under app/ (page.tsx, or any other extension Next reads), as paths relative to the project root. */
export function pageFiles(root = "app"): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => /^page\.(tsx|ts|jsx|js)$/.test(path.basename(file)))
    .map((file) => path.posix.join(root, file.split(path.sep).join("/")))
    .sort();
}
