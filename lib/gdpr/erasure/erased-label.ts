/**
 * The name an erased customer keeps on screen and on retained invoices. The last
 * 8 characters of the id: a uuid v7 begins with its creation time, so its
 * start is shared by customers created the same minute, its end is random.
 * The invoice guard in the gdpr_erasure migration builds the same label.
 */
export const erasedLabel = (customerId: string) => `Erased customer ${customerId.slice(-8)}`;
