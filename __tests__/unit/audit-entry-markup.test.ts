// The audit entry page shows metadata that users typed (a customer's name, a
// bay's name, a browser's user agent): it must reach the page as text, never
// as markup, whatever it holds.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { EntryChanges } from "@/components/audit-log/entry-changes";
import { entryDetails } from "@/lib/audit/entry-changes";

const PAYLOAD = `<img src=x onerror="alert(document.cookie)"><script>alert(1)</script>`;

test("a changed field, a detail and a key that hold markup are rendered as escaped text", () => {
  const details = entryDetails({ displayName: { from: "Ada", to: PAYLOAD }, [PAYLOAD]: PAYLOAD, nested: { html: PAYLOAD } });
  const html = renderToStaticMarkup(createElement(EntryChanges, details));
  expect(html).not.toMatch(/<img|<script/i);
  expect(html).toContain("&lt;img src=x onerror=&quot;alert(document.cookie)&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(html.match(/&lt;script&gt;/g)).toHaveLength(4);
});
