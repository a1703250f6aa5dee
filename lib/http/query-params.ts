// What Next hands a page as `searchParams`: any key may be missing or repeated (?q=a&q=b arrives
// as an array), whatever the page expects, so a page reads each key it uses as one string.

export type QueryParams = Record<string, string | string[] | undefined>;

/** A key's value, the first when it is repeated. */
export const queryValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The named keys of a page's query, each as one string at most. */
export async function readQuery<K extends string>(searchParams: Promise<QueryParams>, ...keys: K[]): Promise<Partial<Record<K, string>>> {
  const query = await searchParams;
  const read: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = queryValue(query[key]);
    if (value !== undefined) read[key] = value;
  }
  return read;
}
