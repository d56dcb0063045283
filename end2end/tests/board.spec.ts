import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { Api, newCell, wardId } from "./fixtures";

/** This month as the board's query (Vietnam time). */
function thisMonth(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 7);
}

/** Opens group 1's board for this month (the group totruong leads). */
async function openBoard(page: Page) {
  await page.goto("/groups");
  const card = page.locator("[data-test=group]").filter({ hasText: "Tổ công tác số 1" }).first();
  const href = await card.locator("a", { hasText: "Tổ công tác số 1" }).getAttribute("href");
  await page.goto(`${href}/board?month=${thisMonth()}`);
  await hydrated(page);
  // the board's own part hydrates after the page frame (it waits on its data)
  await expect(page.locator(".board[data-ready='1']")).toBeVisible();
}

async function unassignedCount(page: Page): Promise<number> {
  return Number((await page.locator("[data-test=unassigned-count]").textContent())?.trim());
}

test("the group leader fills a gap on the board and the red count drops", async ({ page, baseURL }, info) => {
  // a gap of its own: a new cell of Phường 1 (which the group follows), nobody on it yet
  const bantochuc = await Api.as("bantochuc", baseURL!);
  const made = await newCell(bantochuc, await wardId(bantochuc, "P1"));
  await bantochuc.dispose();

  await login(page, "totruong");
  await openBoard(page);
  const before = await unassignedCount(page);
  const cell = page.locator(`li[data-cell="${made.id}"]`);
  await expect(cell).toHaveClass(/unassigned/);
  if (info.project.name === "phone") {
    // phone: tap the cell's picker and choose a member
    const select = cell.locator("select[name=person_id]");
    const value = await select.locator("option").nth(1).getAttribute("value");
    await select.selectOption(value!);
    await cell.getByRole("button", { name: "Phân công" }).click();
  } else {
    // desktop: drag a member onto the cell (the member list stays in view: it is sticky)
    await cell.scrollIntoViewIfNeeded();
    await page.locator("[data-test=member-chip]").first().dragTo(cell);
  }
  await expect(page.locator("[data-test=unassigned-count]")).toHaveText(String(before - 1));
  await expect(cell).not.toHaveClass(/unassigned/);
  await expect(cell.locator("[data-test=assigned]")).toHaveCount(1);
});

test("a group member reads the board but cannot change it", async ({ page }) => {
  await login(page, "thanhvien");
  await openBoard(page);
  await expect(page.locator("li[data-test=board-cell]").first()).toBeVisible();
  await expect(page.locator("form[data-test=assign-form]")).toHaveCount(0);
  await expect(page.locator(".chip-x")).toHaveCount(0);
  await expect(page.locator("form[data-test=copy-form]")).toHaveCount(0);
});

test("the board downloads as XLSX", async ({ page }) => {
  await login(page, "totruong");
  await openBoard(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-test=export-xlsx]").click()]);
  expect(download.suggestedFilename()).toMatch(/^phan-cong-to-\d+-\d{4}-\d{2}\.xlsx$/);
  const path = await download.path();
  const fs = await import("node:fs");
  const bytes = fs.readFileSync(path!);
  expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip container, as XLSX is
});
