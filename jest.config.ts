import type { Config } from "jest";

// Tests run as CommonJS through ts-jest (type checking is `npm run typecheck`,
// which covers the tests too). The generated Prisma client is emitted as CommonJS.
const transform: Config["transform"] = {
  "^.+\\.tsx?$": [
    "ts-jest",
    {
      tsconfig: {
        module: "commonjs",
        moduleResolution: "node10",
        target: "ES2022",
        jsx: "react-jsx",
        esModuleInterop: true,
        isolatedModules: true,
      },
    },
  ],
};

const shared = {
  testEnvironment: "node",
  transform,
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  modulePathIgnorePatterns: ["<rootDir>/.next/", "<rootDir>/.awms/"],
};

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/__tests__/unit/**/*.test.ts"],
    },
    {
      ...shared,
      displayName: "integration",
      testMatch: ["<rootDir>/__tests__/integration/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
      globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
      slowTestThreshold: 30,
    },
    {
      ...shared,
      displayName: "e2e",
      testMatch: ["<rootDir>/__tests__/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/support/e2e-global-setup.ts",
      globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
    },
  ],
  testTimeout: 60_000,
};

export default config;
