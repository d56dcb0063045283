import { expect, Page, test } from "@playwright/test";
import { activeCells, hydrated, login, openWard, toDmy, todayVn, wardBlock } from "./helpers";
import { Api, newCell, wardId } from "./fixtures";

/**
 * A ward of the /org tree (already open) with at least two active cells, preferring
 * `preferred`. Every run merges one cell away, so the choice is made on the data as it is.
 */
async function pickWard(page: Page, preferred: string): Promise<string> {
  const names = page.locator("details[data-test=ward] summary .ward-name");
  await expect(names.first()).toBeVisible();
  const all = (await names.allTextContents()).map((n) => n.trim());
  const order = [preferred, ...all.filter((n) => n !== preferred)];
  for (const name of order) {
    const active = wardBlock(page, name).locator("li[data-test=cell]:not(.ended)");
    if ((await active.count()) >= 2) return name;
  }
  throw new Error("no ward has two active cells left; reseed the demo database");
}

/** From the tree, opens the ward block, checks its cells show, then opens the ward page. */
async function openWardPage(page: Page, wardName: string): Promise<void> {
  const ward = wardBlock(page, wardName);
  await openWard(ward);
  await expect(ward.locator("li[data-test=cell]").first()).toBeVisible();
  await ward.locator("p.ward-links a").first().click();
  await expect(page).toHaveURL(/\/org\/\d+$/);
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(wardName);
  await expect(page.locator("ul.cells li[data-test=cell]").first()).toBeVisible();
}

test("organization board merges a cell into another of the same ward", async ({ page, baseURL }) => {
  // two cells of its own in Phường 3: one merged into the other
  const api = await Api.as("bantochuc", baseURL!);
  const source = await newCell(api, await wardId(api, "P3"), "Chi bộ sáp nhập");
  const target = await newCell(api, await wardId(api, "P3"), "Chi bộ tiếp nhận");
  await api.dispose();

  await login(page, "bantochuc");
  await expect(page.locator("h1")).toContainText("Xin chào");

  await hydrated(page);
  await page.locator("nav.mainnav").getByRole("link", { name: "Tổ chức", exact: true }).click();
  await expect(page).toHaveURL(/\/org$/);
  await openWardPage(page, "Đảng ủy Phường 3");
  await expect(page.locator(`ul.cells li[data-test=cell] > a[href="/org/${target.id}"]`)).toBeVisible();

  // The first active cell, merged into the second one today.
  await page.locator(`ul.cells li[data-test=cell] > a[href="/org/${source.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/org/${source.id}$`));
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(source.name);
  await hydrated(page);

  const today = todayVn();
  const merge = page.locator("form[data-test=merge-form]");
  await expect(merge).toBeVisible();
  await merge.locator("select[name=target_id]").selectOption({ value: String(target.id) });
  await merge.locator("input[name=merged_on]").fill(toDmy(today));
  await merge.locator("button[type=submit]").click();

  await page.waitForURL(new RegExp(`/org/${source.id}\\?saved=1$`));
  await expect(page.getByText("Đã lưu.", { exact: true })).toBeVisible();
  const mergedBadge = page.locator(".badge", { hasText: "Đã sáp nhập vào" });
  await expect(mergedBadge).toBeVisible();
  await expect(mergedBadge).toContainText(target.name);
  await expect(mergedBadge).toContainText(toDmy(today));
  await expect(
    page.locator("ul[data-test=history] li", { hasText: "Sáp nhập vào chi bộ khác" }).first(),
  ).toBeVisible();
  // An ended cell cannot be merged again.
  await expect(page.locator("form[data-test=merge-form]")).toHaveCount(0);

  // The continuing cell lists what it took in.
  await mergedBadge.locator(`a[href="/org/${target.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/org/${target.id}$`));
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(target.name);
  const absorbedBadge = page.locator(".badge", { hasText: "Tiếp nhận" });
  await expect(absorbedBadge).toBeVisible();
  await expect(absorbedBadge).toContainText(`${source.name} (${toDmy(today)})`);
  await expect(page.locator(`a[href="/org/${source.id}"]`, { hasText: source.code })).toBeVisible();

  // The tree with ended cells shows the merged one struck through.
  await page.goto("/org?ended=1");
  const mergedItem = page.locator(`li[data-test=cell]:has(> a[href="/org/${source.id}"])`);
  await expect(mergedItem).toHaveCount(1);
  await expect(mergedItem).toHaveClass(/(^|\s)ended(\s|$)/);
  await expect(mergedItem).toContainText("Đã sáp nhập vào");
  // …and the tree without them no longer lists it.
  await page.goto("/org");
  await expect(page.locator("details[data-test=ward]").first()).toBeAttached();
  await expect(page.locator(`li[data-test=cell]:has(> a[href="/org/${source.id}"])`)).toHaveCount(0);
});

test("a cell code already used in the ward is refused next to the field", async ({ page }) => {
  await login(page, "bantochuc");
  await page.goto("/org");
  const wardName = await pickWard(page, "Đảng ủy Phường 5");
  await openWardPage(page, wardName);

  const cells = await activeCells(page.locator("ul.cells"));
  expect(cells.length).toBeGreaterThanOrEqual(2);
  const [cell, other] = cells;
  expect(cell.code.toLowerCase()).not.toBe(other.code.toLowerCase());

  await page.goto(`/org/${cell.id}`);
  await hydrated(page);
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(cell.name);
  const form = page.locator("form[data-test=unit-form]");
  const code = form.locator("input[name=code]");
  await expect(code).toHaveValue(cell.code);
  await code.fill(other.code);
  await form.locator("button[type=submit]").click();

  const error = page.locator("p.field-error#code-error");
  await expect(error).toBeVisible();
  await expect(error).toHaveText("Mã chi bộ đã tồn tại trong phường này.");
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(new RegExp(`/org/${cell.id}$`));
  await expect(page.getByText("Đã lưu.", { exact: true })).toHaveCount(0);

  // Nothing was saved.
  await page.reload();
  await expect(page.locator("h1[data-test=unit-name]")).toHaveText(cell.name);
  await expect(page.locator("form[data-test=unit-form] input[name=code]")).toHaveValue(cell.code);
  await expect(page.locator("p#code-error")).toHaveCount(0);
});
