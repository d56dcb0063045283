import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("bantochuc edits the review report and downloads it as a DOCX; the October evaluation's table and its files", async ({ page }, info) => {
  await login(page, "bantochuc");
  await page.goto("/review");
  await expect(page.locator("[data-test=review-form]")).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(wide, "no horizontal scrolling").toBe(false);
  await expect(page.locator("[data-test=part-shortcomings]")).not.toHaveValue("");
  await page.locator("[data-test=part-intro]").fill("Mở đầu do Ban Tổ chức viết lại.");
  await page.screenshot({ path: info.outputPath("review.png") });
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-test=review-docx]").click()]);
  expect(download.suggestedFilename()).toMatch(/^bao-cao-to-cong-tac-.*\.docx$/);
  const path = await download.path();
  expect(path).toBeTruthy();

  await page.goto("/evaluation");
  await expect(page.locator("[data-test=eval-table]")).toBeVisible();
  await expect(page.locator("[data-test=eval-row]").first()).toBeVisible();
  const wide2 = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(wide2, "no horizontal scrolling").toBe(false);
  await page.screenshot({ path: info.outputPath("evaluation.png") });
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator("[data-test=eval-xlsx]").click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  await page.locator("[data-test=eval-notices] summary").click();
  const [docx] = await Promise.all([page.waitForEvent("download"), page.locator("[data-test=eval-docx]").first().click()]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
});
