import { expect, test } from "@playwright/test";
import { hydrated, idFromHref, login, openWard, wardBlock } from "./helpers";

test("ward staff edit their own ward only, and the server refuses the rest", async ({ page }) => {
  await login(page, "phuong1");

  // Their own ward offers "Thêm chi bộ"; another ward does not.
  await page.goto("/org");
  const own = wardBlock(page, "Đảng ủy Phường 1");
  await openWard(own);
  const addCell = own.getByRole("link", { name: "Thêm chi bộ", exact: true });
  await expect(addCell).toBeVisible();
  await expect(addCell).toHaveAttribute("href", /^\/org\/new\?kind=cell&parent=\d+$/);

  const other = wardBlock(page, "Đảng ủy Phường 2");
  await expect(other).toHaveCount(1);
  await openWard(other);
  await expect(other.locator("li[data-test=cell]").first()).toBeVisible();
  await expect(other.locator('a[href^="/org/new"]')).toHaveCount(0);
  const firstCell = other.locator("li[data-test=cell] > a").first();
  await expect(firstCell).toBeVisible();
  const id = idFromHref(await firstCell.getAttribute("href"));

  // Read-only for them: no edit form, no merge form.
  await page.goto(`/org/${id}`);
  const title = page.locator("h1[data-test=unit-name]");
  await expect(title).not.toBeEmpty();
  const name = ((await title.textContent()) ?? "").trim();
  expect(name).not.toBe("Hack");
  await hydrated(page);
  await expect(page.locator("form[data-test=unit-form]")).toHaveCount(0);
  await expect(page.locator("form[data-test=merge-form]")).toHaveCount(0);

  // Posting the edit anyway is refused.
  const res = await page.request.post("/api/org/save", {
    form: {
      id,
      version: "1",
      kind: "cell",
      code: "KPX",
      name: "Hack",
      active_from: "2019-07-05",
    },
    headers: { accept: "application/json" },
  });
  expect(res.status()).toBe(403);

  await page.reload();
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(name);

  // Sign out, and pages need a session again.
  await hydrated(page);
  await page.locator("button[data-test=logout]").click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.locator("form[data-test=login-form]")).toBeVisible();

  await page.goto("/org");
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/org");
});
