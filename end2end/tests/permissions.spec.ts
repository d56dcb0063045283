import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { newGroup } from "./fixtures";

/** A month `back` months before this one (Vietnam time), as the board's query. */
function monthBack(back: number): string {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

/** The page of Tổ công tác số 1 (led by totruong). */
async function groupHref(page: Page): Promise<string> {
  await page.goto("/groups");
  const card = page.locator("[data-test=group]").filter({ hasText: "Tổ công tác số 1" }).first();
  const href = await card.locator("a", { hasText: "Tổ công tác số 1" }).getAttribute("href");
  expect(href).toBeTruthy();
  return href!;
}

async function openBoard(page: Page, month: string) {
  await page.goto(`${await groupHref(page)}/board?month=${month}`);
  await hydrated(page);
  await expect(page.locator(".board[data-ready='1']")).toBeVisible();
}

test("the group leader edits the board and the plan, not the group's members or wards", async ({ page }) => {
  await login(page, "totruong");
  await page.goto(await groupHref(page));
  await hydrated(page);
  await expect(page.locator("[data-test=member]").first()).toBeVisible();
  await expect(page.locator("form[data-test=add-member-form]")).toHaveCount(0);
  await expect(page.locator("form[data-test=follow-form]")).toHaveCount(0);
  await expect(page.locator("form[data-test=group-form]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Thôi tham gia" })).toHaveCount(0);
  await expect(page.locator("textarea[name=body]")).toBeVisible(); // the plan
  // this month's board is his to change
  await openBoard(page, monthBack(0));
  await expect(page.locator("form[data-test=assign-form]").first()).toBeVisible();
  await expect(page.locator("[data-test=board-closed]")).toHaveCount(0);
});

test("a closed month is read-only for the leader", async ({ page }) => {
  await login(page, "totruong");
  await openBoard(page, monthBack(4));
  await expect(page.locator("[data-test=board-closed]")).toBeVisible();
  await expect(page.locator("[data-test=board-closed]")).toContainText("Ban Tổ chức");
  await expect(page.locator("li[data-test=board-cell]").first()).toBeVisible();
  await expect(page.locator("form[data-test=assign-form]")).toHaveCount(0);
  await expect(page.locator(".chip-x")).toHaveCount(0);
  await expect(page.locator("form[data-test=copy-form]")).toHaveCount(0);
  await expect(page.locator("form[data-test=reopen-form]")).toHaveCount(0);
});

test("the organization board reopens a closed month with a reason and changes it", async ({ page, baseURL }) => {
  // a group of its own: its board two months back is closed, and nobody has reopened it
  const made = await newGroup(baseURL!);
  const month = monthBack(2);
  await login(page, "bantochuc");
  await page.goto(`/groups/${made.group}/board?month=${month}`);
  await hydrated(page);
  await expect(page.locator(".board[data-ready='1']")).toBeVisible();
  const lock = page.locator("[data-test=board-closed]");
  await expect(lock).toBeVisible();
  await expect(page.locator("form[data-test=assign-form]")).toHaveCount(0);
  const form = page.locator("form[data-test=reopen-form]");
  // a reason too short is refused next to its field
  await form.locator("input[name=reason]").fill("x");
  await form.getByRole("button", { name: "Mở khóa để sửa" }).click();
  await expect(form.locator("#reason-error")).toContainText("lý do");
  await form.locator("input[name=reason]").fill("Đồng chí Hùng dự thay, bổ sung theo biên bản");
  await form.getByRole("button", { name: "Mở khóa để sửa" }).click();
  await expect(page.locator("[data-test=board-reopened]")).toContainText("Đồng chí Hùng dự thay");
  // now the board changes: the cell nobody went to gets its member
  const cell = page.locator(`li[data-cell="${made.cell.id}"]`);
  await expect(cell).toHaveClass(/unassigned/);
  const select = cell.locator("select[name=person_id]");
  await select.selectOption((await select.locator("option").nth(1).getAttribute("value"))!);
  await cell.getByRole("button", { name: "Phân công" }).click();
  await expect(cell.locator("[data-test=assigned]")).toHaveCount(1);
  await expect(cell).not.toHaveClass(/unassigned/);
});
