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

test("a hydrated page loads its language's texts beside the wasm, and renders with them", async ({ page }) => {
  const texts: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/pkg/text/")) texts.push(new URL(r.url()).pathname); });
  await login(page, "bantochuc");
  await page.context().addCookies([{ name: "lang", value: "en", url: new URL(page.url()).origin }]);
  await page.goto("/org");
  await hydrated(page);
  // /people is rendered in the browser (a client-side navigation), from the loaded texts
  await page.locator('nav.mainnav a[href="/people"]').click();
  await expect(page).toHaveURL(/\/people$/);
  await expect(page.locator("h1")).toHaveText("People");
  expect(texts.filter((t) => /^\/pkg\/text\/en-[0-9a-f]{16}\.txt$/.test(t)).length).toBe(1);
  expect(texts.filter((t) => t.includes("/vi-"))).toEqual([]);
});
