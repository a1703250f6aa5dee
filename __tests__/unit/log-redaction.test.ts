// What an operator's log store receives: the raw JSON text of each line.
import { createLogger, defaultLogLevel } from "@/lib/log/logger";
import { identifyRequest, withRequestContext } from "@/lib/log/request-context";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line) });
  logger.level = "info";
  return { logger, lines, text: () => lines.join("") };
}

const PASSWORD = "correct horse battery";
const TOKEN = "awms_live_4f9c2e7d1b8a6035";
const CARD = "4242 4242 4242 4242";
const EMAIL = "jane.customer@example.test";

test("a line logged with a password, a token, a card number and an email contains none of them", () => {
  const { logger, text } = capture();
  logger.info(
    {
      password: PASSWORD,
      token: TOKEN,
      cardNumber: CARD,
      email: EMAIL,
      input: { password: PASSWORD, card: { number: CARD, cvc: "123" }, customer: { name: "Jane Customer", phone: "+44 7700 900123" } },
      headers: { authorization: `Bearer ${TOKEN}`, cookie: `next-auth.session-token=${TOKEN}`, "x-api-key": TOKEN },
      note: `customer ${EMAIL} paid with ${CARD.replace(/ /g, "")}`,
    },
    `sign-in of ${EMAIL} with card ${CARD}`,
  );
  const raw = text();
  for (const secret of [PASSWORD, TOKEN, CARD, CARD.replace(/ /g, ""), EMAIL, "Jane Customer", "7700 900123", '"123"']) expect(raw).not.toContain(secret);
  // The line is still useful: it says what was redacted and keeps what is not personal.
  expect(JSON.parse(raw)).toMatchObject({ password: "[redacted]", email: "[redacted]", note: "customer [email] paid with [card]" });
});

test("numbers that are not card numbers, error codes and ids stay readable", () => {
  const { logger, lines } = capture();
  logger.info({ code: "RATE_LIMITED", repairOrderNumber: 1042, odometer: "1234567890123", job: "service-reminders" }, "refused");
  expect(JSON.parse(lines[0]!)).toMatchObject({ code: "RATE_LIMITED", repairOrderNumber: 1042, odometer: "1234567890123", job: "service-reminders" });
});

test("every line written while serving a request carries its request id, workshop and user", async () => {
  const { logger, lines } = capture();
  logger.info("before the request");
  await withRequestContext({ requestId: "req-0123456789" }, async () => {
    logger.info("authenticating");
    identifyRequest("org-1", "user-1");
    await new Promise((resolve) => setTimeout(resolve, 5));
    logger.info({ step: 2 }, "after an await");
  });
  const [before, authenticating, after] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(before).not.toHaveProperty("requestId");
  expect(authenticating).toMatchObject({ requestId: "req-0123456789" });
  expect(authenticating).not.toHaveProperty("organizationId");
  expect(after).toMatchObject({ requestId: "req-0123456789", organizationId: "org-1", userId: "user-1", step: 2 });
});

test("levels by environment: info in production, debug in development, silent in tests unless LOG_LEVEL says", () => {
  expect(defaultLogLevel({ NODE_ENV: "production" })).toBe("info");
  expect(defaultLogLevel({ NODE_ENV: "development" })).toBe("debug");
  expect(defaultLogLevel({ NODE_ENV: "test" })).toBe("silent");
  expect(defaultLogLevel({ NODE_ENV: "test", LOG_LEVEL: "warn" })).toBe("warn");
});
