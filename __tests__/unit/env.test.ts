import { EnvError, parseServerEnv } from "@/lib/env";

test("an empty value counts as missing and takes the default", () => {
  const env = parseServerEnv({ DATABASE_URL: "", DATABASE_POOL_SIZE: "", AWMS_DATA_DIR: "" });
  expect(env.DATABASE_URL).toBeUndefined();
  expect(env.DATABASE_POOL_SIZE).toBe(10);
  expect(env.AWMS_DATA_DIR).toBe(".awms");
});

test("a malformed database URL is an error that names the variable", () => {
  expect(() => parseServerEnv({ DATABASE_URL: "mysql://root@localhost/db" })).toThrow(EnvError);
  expect(() => parseServerEnv({ DATABASE_URL: "not a url" })).toThrow(/^DATABASE_URL /);
  expect(() => parseServerEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/^DATABASE_POOL_SIZE /);
});

test("a proper URL is kept as given", () => {
  const url = "postgresql://awms_app:secret@db.internal:5432/awms";
  expect(parseServerEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
});
