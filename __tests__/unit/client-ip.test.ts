import { clientIp } from "@/lib/http/client-ip";

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

test("with no trusted proxy, a forwarded address is ignored and everyone shares one bucket", () => {
  expect(clientIp("203.0.113.9")).toBe("unidentified");
  expect(clientIp(null)).toBe("unidentified");
});

test("behind one proxy, the address it appended counts, not what the client wrote", () => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  expect(clientIp("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
  expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
  process.env.TRUSTED_PROXY_HOPS = "2";
  expect(clientIp("spoofed, 198.51.100.4, 10.0.0.2")).toBe("198.51.100.4");
  expect(clientIp("10.0.0.2")).toBe("unidentified");
  process.env.TRUSTED_PROXY_HOPS = "1";
  expect(clientIp("<script>")).toBe("unidentified");
});
