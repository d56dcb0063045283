import { expect, test } from "@playwright/test";
import { hydrated, login } from "./helpers";

test("the language switch turns the interface to English and back", async ({ page }) => {
  await login(page, "thuongvu");
  const orgLink = page.locator('nav.mainnav a[href="/org"]');
  const lang = page.locator("button[data-test=lang]");
  await expect(orgLink).toHaveText("Tổ chức");
  await expect(lang).toHaveText("EN");

  await hydrated(page);
  await lang.click();
  await expect(lang).toHaveText("VI");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(orgLink).toHaveText("Organisation");
  await expect(page.locator("h1")).toContainText("Hello");

  await hydrated(page);
  await lang.click();
  await expect(lang).toHaveText("EN");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(orgLink).toHaveText("Tổ chức");
  await expect(page.locator("h1")).toContainText("Xin chào");

  // the switch comes back to the same page with its query (a document page here)
  await page.goto("/calendar?mine=1&view=agenda");
  await hydrated(page);
  await lang.click();
  await expect(lang).toHaveText("VI");
  await expect(page).toHaveURL(/\/calendar\?mine=1&view=agenda$/);
});
