import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";

/** Opens `path` and says how many .wasm files the page asked for. */
async function wasmAskedFor(page: Page, path: string): Promise<number> {
  let wasm = 0;
  const count = (r: { url(): string }) => { if (r.url().endsWith(".wasm")) wasm++; };
  page.on("request", count);
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  page.off("request", count);
  return wasm;
}

test("the pages a phone opens are documents without the wasm, and work as such", async ({ page }) => {
  // signed out: the sign-in page
  expect(await wasmAskedFor(page, "/login")).toBe(0);
  await expect(page.locator("body")).toHaveAttribute("data-page", "document");

  await login(page, "thanhvien");
  for (const path of ["/", "/calendar?mine=1", "/calendar/inbox", "/recommendations"]) {
    expect(await wasmAskedFor(page, path), path).toBe(0);
    await expect(page.locator("body"), path).toHaveAttribute("data-page", "document");
    await expect(page.locator("h1").first(), path).toBeVisible();
  }
  // an item's page, from the list
  const item = page.locator("[data-test=rec-line] a.rec-text, a[data-test=rec-card]").first();
  await item.click();
  await expect(page).toHaveURL(/\/recommendations\/\d+/);
  await hydrated(page);
  await expect(page.locator("body")).toHaveAttribute("data-page", "document");

  // the ward's staff: the periodic reports and the month grid
  await page.context().clearCookies();
  await login(page, "phuong1");
  expect(await wasmAskedFor(page, "/periodic")).toBe(0);
  await page.goto("/calendar");
  const grid = (await page.locator("a[data-test=enter-month]").getAttribute("href"))!.split("?")[0];
  // without ?month= the grid opens this month
  expect(await wasmAskedFor(page, grid)).toBe(0);
  await expect(page.locator("tr[data-test=grid-row]").first()).toBeVisible();
});

test("a link from a hydrated page to a document page loads it as a document", async ({ page }) => {
  await login(page, "thanhvien");
  await page.goto("/org");
  await hydrated(page);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "1");
  await page.locator("nav.mainnav [data-test=recs-link]").click();
  await expect(page).toHaveURL(/\/recommendations$/);
  // a new document: served without the wasm, not rendered by the router of the page before
  await expect(page.locator("body")).toHaveAttribute("data-page", "document");
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "1");
  await expect(page.locator("[data-test=rec-total]")).toBeVisible();
});
