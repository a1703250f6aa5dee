// The reports' server-drawn bar chart and labels: negative bars hang below the
// zero line, every bar names its figure, and buckets are named by the calendar.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { BarChart } from "@/components/reports/bar-chart";
import { bucketLabel, bucketShortLabel, percent } from "@/lib/reports/report-labels";
import { reportPresets } from "@/lib/reports/report-presets";

const rects = (svg: string) => [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="\d+" height="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)]
  .map((m) => ({ y: Number(m[1]), height: Number(m[2]), title: m[3] }));

test("bars stand on the zero line; a negative one hangs below it; each says its figure", () => {
  const svg = renderToStaticMarkup(createElement(BarChart, {
    id: "t", title: "Revenue", categories: ["28 Mar", "30 Mar"], format: (v: number) => `£${v}`,
    series: [{ name: "Revenue", fill: "fill-blue-700", values: [200, -100] }],
  }));
  expect(svg).toContain('role="img"');
  expect(svg).toContain("<title id=\"t-title\">Revenue</title>");
  const zero = Number(/<line x1="\d+" x2="\d+" y1="([\d.]+)"/.exec(svg)![1]);
  const [up, down] = rects(svg);
  expect(up).toMatchObject({ title: "28 Mar: Revenue £200" });
  expect(up!.y + up!.height).toBeCloseTo(zero);
  expect(down).toMatchObject({ title: "30 Mar: Revenue £-100", y: zero });
  // 200 above and 100 below: the positive bar is twice as tall.
  expect(up!.height / down!.height).toBeCloseTo(2);
});

test("bucket labels, percentages and quick ranges", () => {
  expect([bucketLabel("2026-03-29", "day"), bucketLabel("2026-03-30", "week"), bucketLabel("2026-03-01", "month")]).toEqual(["Sun 29 Mar 2026", "Week of 30 Mar 2026", "March 2026"]);
  expect([bucketShortLabel("2026-03-29", "day"), bucketShortLabel("2026-03-01", "month")]).toEqual(["29 Mar", "Mar 26"]);
  expect([percent(1806), percent(null), percent(-4444)]).toEqual(["18.1 %", "–", "-44.4 %"]);
  expect(reportPresets("2026-03-04").map((p) => p.range)).toEqual([
    { from: "2026-03-01", to: "2026-03-04", by: "day" },
    { from: "2026-02-01", to: "2026-02-28", by: "day" },
    { from: "2025-12-08", to: "2026-03-04", by: "week" }, // Monday 2 March less 12 weeks (84 days): Monday 8 December
    { from: "2025-04-01", to: "2026-03-04", by: "month" },
  ]);
});
