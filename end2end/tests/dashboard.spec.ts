import { expect, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { lastMonth, meetingWithReportOverdue } from "./fixtures";

test("thuongvu shows the dashboard on the projector in present mode; a late report submitted elsewhere changes the figure without a reload", async ({ page, browser, baseURL }, info) => {
  test.skip(info.project.name !== "projector", "present mode is the projector's");
  test.setTimeout(120_000);
  // a report of its own overdue: thanhvien's, of a new cell's meeting early last month
  const overdueMeeting = await meetingWithReportOverdue(baseURL!);
  await login(page, "thuongvu");
  // the period from last month (in January too, when the default is this year's)
  await page.goto(`/dashboard?present=1&panel=1&from=${lastMonth()}`);
  await hydrated(page);
  // one panel fills the screen: large figures, nothing to scroll
  await expect(page.locator(".panel.on h2")).toHaveText(/Báo cáo/);
  await expect(page.locator(".topbar")).toBeHidden();
  const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1);
  expect(fits, "present mode does not scroll").toBe(true);
  const fontSize = await page.locator(".panel.on [data-test=rep-late]").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(48);
  await page.screenshot({ path: info.outputPath("present.png") });

  const late = page.locator("[data-test=rep-late]");
  const before = Number((await late.textContent())?.trim());
  await page.evaluate(() => ((window as unknown as { stay: number }).stay = 1));

  // elsewhere, thanhvien submits a report of a meeting whose deadline has passed
  const other = await browser.newContext();
  const member = await other.newPage();
  await login(member, "thanhvien");
  await member.goto("/");
  const overdue = member.locator(`[data-test=my-report].overdue a[href^="/meetings/${overdueMeeting}"]`);
  await expect(overdue).toBeVisible();
  await member.goto(`/meetings/${overdueMeeting}`);
  await hydrated(member);
  await member.locator("[data-test=members_present]").fill("12");
  await member.locator(".report-body summary").click();
  await member.locator("[data-test=summary]").fill("Chi bộ sinh hoạt đúng trình tự; báo cáo nộp muộn.");
  for (const sel of await member.locator("select[data-test^=rating-]").all()) {
    await sel.selectOption("3");
  }
  await member.locator("[data-test=overall_level]").selectOption("3");
  await member.locator("[data-test=submit-report]").click();
  await member.waitForURL(/saved=1/);
  await other.close();

  // the projector's figure follows without a reload
  await expect(late).toHaveText(String(before + 1), { timeout: 45_000 });
  expect(await page.evaluate(() => (window as unknown as { stay?: number }).stay)).toBe(1);
  // and the panels go round by themselves
  await expect(page.locator(".panel.on")).not.toHaveAttribute("data-panel", "reports", { timeout: 30_000 });
});

test("the dashboard reads on a phone and at a desk: every panel, its figures written out, filters as a link", async ({ page }, info) => {
  await login(page, "bantochuc");
  await page.goto("/dashboard");
  await hydrated(page);
  await expect(page.locator("[data-panel]")).toHaveCount(5);
  await expect(page.locator("[data-test=att-rate]")).toHaveText(/\d+ %|–/);
  await expect(page.locator("[data-test=att-groups] [data-test=bar-row]").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(1);
  await page.screenshot({ path: info.outputPath("dashboard.png"), fullPage: true });

  // a ward chosen is a link; its scope is said above the panels
  await page.locator("[data-test=dash-filters] select[name=ward]").selectOption({ label: "Đảng ủy Phường 1" });
  await page.locator("[data-test=dash-filters] button[type=submit]").click();
  await page.waitForURL(/ward=\d+/);
  await expect(page.locator("[data-test=dash-scope]")).toContainText("Phường 1");

  // a member has no dashboard
  await page.context().clearCookies();
  await login(page, "thanhvien");
  await page.goto("/dashboard");
  await expect(page.locator("[data-test=load-error]")).toBeVisible();
  await expect(page.locator("[data-test=dashboard-link]")).toHaveCount(0);
});
