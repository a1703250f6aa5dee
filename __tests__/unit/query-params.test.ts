// A page's query as Next hands it over: a repeated key is an array, which a page reading `.slice`
// or comparing strings would trip on (a 500 the query-string fuzzing found on two pages).
import { queryValue, readQuery } from "@/lib/http/query-params";

test("a repeated key reads as its first value, a missing one as undefined", async () => {
  expect(queryValue(["a", "b"])).toBe("a");
  expect(queryValue("a")).toBe("a");
  expect(queryValue(undefined)).toBeUndefined();
  expect(await readQuery(Promise.resolve({ q: ["x", "y"], after: "SKU-1", other: "ignored" }), "q", "after", "missing")).toEqual({ q: "x", after: "SKU-1" });
});

test("an empty repeated key reads as undefined rather than throwing", async () => {
  expect(await readQuery(Promise.resolve({ q: [] }), "q")).toEqual({});
});
