/** Minor units to a display string in the workshop's currency (en-GB formatting). */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(minor / 100);
}

export const formatQuantity = (milli: number) => (milli / 1000).toLocaleString("en-GB", { maximumFractionDigits: 3 });
