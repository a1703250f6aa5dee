/**
 * The header's search box: a plain GET form (works without JavaScript and by
 * keyboard) that opens the workshop's search page with ?q=. Its button says
 * "Find", so it never shares an accessible name with a page's own "Search" button.
 */
export function GlobalSearch({ orgSlug }: { orgSlug: string }) {
  return (
    <form role="search" action={`/${orgSlug}/search`} method="get" className="order-last flex w-full gap-2 sm:order-none sm:w-auto sm:max-w-sm sm:flex-1">
      <label htmlFor="global-search" className="sr-only">Search customers, vehicles, repair orders and invoices</label>
      <input
        id="global-search"
        name="q"
        type="search"
        required
        maxLength={100}
        autoComplete="off"
        placeholder="Name, plate, VIN, RO or invoice no."
        className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700"
      />
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-500">
        Find
      </button>
    </form>
  );
}
