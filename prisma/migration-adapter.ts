// The CLI's driver adapter for migrations. adapter-pg 7.x maps Postgres `name`
// columns (6.19's cannot, prisma/orm#27403). Its executeScript splits a script
// on every ";" and runs the pieces outside a transaction, which breaks
// $$-quoted functions and leaves a failing migration half-applied; here the
// whole script goes in one simple-protocol query, which Postgres runs as one
// implicit transaction.
import { PrismaPg } from "@prisma/adapter-pg-cli";
import type pg from "pg";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

function runScriptsWhole(adapter: Adapter): Adapter {
  const driver = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    try {
      await driver.query(script);
    } catch (error) {
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
  return adapter;
}

export function migrationAdapterFactory(connectionString: string) {
  // allowExitOnIdle: the CLI never closes its pool, which would keep it alive 10 s after finishing.
  const factory = new PrismaPg({ connectionString, allowExitOnIdle: true });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => runScriptsWhole(await connect());
  factory.connectToShadowDb = async () => runScriptsWhole(await connectToShadowDb());
  return factory;
}
