/** Form fields arrive as strings: an empty one means "not given", never "". */
export const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
