const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record ids are UUIDs; anything else cannot name a row, so it is "not found" before any query. */
export const isUuid = (value: string): boolean => UUID.test(value);
