// Lists are paged by id (uuid7, so roughly creation order) ascending: "rows
// after this id". A row is never renumbered by inserts the way an offset is,
// so paging through while others add rows never repeats or skips a row that
// was there; new rows land after the ones already on file.

export interface KeysetPage {
  /** return rows whose id is greater than this */
  afterId?: string;
  limit: number;
}

/** The where fragment for a page: AND it with the list's filters. */
export const afterIdWhere = (page: KeysetPage) => (page.afterId ? [{ id: { gt: page.afterId } }] : []);

/** Lists fetch limit + 1 rows: the extra one only tells whether another page exists. */
export function keysetSlice<T extends { id: string }>(rows: T[], page: KeysetPage): { items: T[]; nextAfterId: string | null } {
  const items = rows.slice(0, page.limit);
  return { items, nextAfterId: rows.length > page.limit ? items[items.length - 1]!.id : null };
}
