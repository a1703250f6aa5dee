// Text Postgres cannot compare with: a NUL character, or half of a surrogate pair. A page's query
// string or a pasted value can carry either, and the query would fail with a 500 instead of a message.

export const UNSEARCHABLE_TEXT = "Remove the invisible or broken character from the search.";

export const isSearchableText = (text: string): boolean => !text.includes("\u0000") && text.isWellFormed();
