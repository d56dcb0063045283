import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { lastMonth, newWardWithStaff } from "./fixtures";

async function switchTo(page: Page, user: string) {
  await page.context().clearCookies();
  await login(page, user);
}

test("a ward's staff write last month's report from the figures the data gives and submit it; the group's leader sees it received", async ({ page, baseURL }, info) => {
  // a ward of its own, whose report of last month nobody has written
  const ward = await newWardWithStaff(baseURL!);
  const period = lastMonth();
  const year = period.slice(0, 4);
  await login(page, ward.username, ward.password);
  await page.goto(`/periodic?year=${year}`);
  await hydrated(page);
  const line = page.locator(`[data-test=periodic-line][data-period='${period}'][data-reporter='${ward.name}']`);
  await expect(line).toHaveCount(1);
  await expect(line.locator("[data-test=periodic-state]")).toHaveText(/chưa nộp|đến hạn/);
  await line.locator("[data-test=periodic-write]").click();
  await expect(page.locator("[data-test=periodic-form]")).toBeVisible();
  await hydrated(page);
  // the figures come filled in from the data
  await expect(page.locator("[data-test=figure-cell_meetings]")).not.toHaveValue("");
  // submitting without the narrative: the fields say what is missing
  await page.locator("[data-test=periodic-submit]").click();
  await expect(page.locator("#section-socio_economic-error")).toBeVisible();
  await page.locator("[data-test=section-socio_economic]").fill("Kinh tế - xã hội ổn định; thu ngân sách đạt kế hoạch tháng.");
  await page.locator("[data-test=section-defence_security]").fill("An ninh trật tự được giữ vững.");
  await page.locator("[data-test=section-party_building]").fill("Các chi bộ sinh hoạt đúng định kỳ.");
  await page.locator("[data-test=periodic-submit]").click();
  await expect(page.locator("[data-test=periodic-submitted]")).toBeVisible();
  await expect(page.locator("[data-test=periodic-state]").first()).toHaveText(/đúng hạn|trễ hạn/);
  await expect(page.locator("[data-test=periodic-submit]")).toHaveCount(0);
  await page.screenshot({ path: info.outputPath("periodic-submitted.png") });

  await switchTo(page, "totruong");
  await page.goto(`/periodic?year=${year}`);
  const seen = page.locator(`[data-test=periodic-line][data-period='${period}'][data-reporter='${ward.name}']`);
  await expect(seen.locator("[data-test=periodic-state]")).toHaveText(/đúng hạn|trễ hạn/);
  await expect(seen.locator("[data-test=periodic-write]")).toHaveCount(0);
});

test("the periodic reports' list and a report fit the screen", async ({ page }, info) => {
  await login(page, "phuong1");
  await page.goto("/periodic");
  await expect(page.locator("[data-test=periodic-list]")).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(wide, "no horizontal scrolling").toBe(false);
  await page.screenshot({ path: info.outputPath("periodic-list.png"), fullPage: false });
  await page.locator("[data-test=periodic-line] a").first().click();
  await expect(page.locator("[data-test=periodic-form]")).toBeVisible();
  const wide2 = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(wide2, "no horizontal scrolling").toBe(false);
  await page.screenshot({ path: info.outputPath("periodic-form.png"), fullPage: true });
});
