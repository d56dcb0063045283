import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { meetingHeldBefore, meetingUnderWay } from "./fixtures";

async function switchTo(page: Page, user: string) {
  await page.context().clearCookies();
  await login(page, user);
}

test("a recommendation from the meeting to its closing: thanhvien notes it, bantochuc forwards it to the ward People's Committee, ubnd answers it, thanhvien brings the answer back to the cell and closes it; ubnd sees no other body's items", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const text = `Đề nghị lắp biển báo giảm tốc trước cổng trường tiểu học (${Date.now()})`;
  const answer = "UBND phường đã đề nghị Phòng Quản lý đô thị lắp 2 biển báo trong tháng này.";

  // a cell of its own: tonight's meeting under way, and one held before this month
  const { meeting, cell, ward } = await meetingUnderWay(baseURL!);
  const before = await meetingHeldBefore(baseURL!, ward, cell.id);
  test.skip(before === null, "the first hour of a month has no earlier meeting in it");
  const tonight = { href: `/meetings/${meeting}` };
  const earlier = { href: `/meetings/${before}` };
  await login(page, "thanhvien");

  // at the earlier meeting he notes what the residents asked for
  await page.goto(earlier!.href);
  await hydrated(page);
  await page.locator("[data-test=rec-content]").fill(text);
  await page.locator("[data-test=add-rec]").click();
  await expect(page.locator("[data-test=pending-rec][data-state=synced]", { hasText: text })).toHaveCount(1, { timeout: 20_000 });

  // bantochuc finds it among the new items and forwards it to UBND Phường 1
  await switchTo(page, "bantochuc");
  await page.goto(`/recommendations?status=new&q=${encodeURIComponent(text.slice(-14, -1))}`);
  await hydrated(page);
  await expect(page.locator("[data-test=rec-line]")).toHaveCount(1);
  await page.locator("[data-test=rec-line] a.rec-text").click();
  await page.waitForURL(/\/recommendations\/\d+$/);
  const recPath = new URL(page.url()).pathname;
  await hydrated(page);
  const forward = page.locator("[data-test=step-forward]");
  await forward.locator("select[name=body]").selectOption({ label: "UBND Phường 1" });
  await forward.locator("button[type=submit]").click();
  await page.waitForURL(/saved=1/);
  await expect(page.locator("h1 [data-test=rec-status]")).toHaveText("Đã chuyển");
  await expect(page.locator("[data-test=rec-body]")).toHaveText("UBND Phường 1");
  await expect(page.locator("[data-test=rec-due]")).toHaveText(/\d\d\/\d\d\/\d{4}/);
  // an item of another body, for the check below
  await page.goto("/recommendations");
  await hydrated(page);
  await page.locator("details.rec-filters > summary").click();
  await page.locator("form[data-test=rec-filters] select[name=body]").selectOption({ label: "UBND Phường 2" });
  await page.locator("form[data-test=rec-filters] button[type=submit]").click();
  await page.waitForURL(/body=\d+/);
  const otherId = await page.locator("[data-test=rec-line]").first().getAttribute("data-id");
  expect(otherId).toBeTruthy();

  // ubnd: the item is in its list; it takes it up and answers
  await switchTo(page, "ubnd");
  await page.goto("/recommendations");
  await hydrated(page);
  await expect(page.locator("[data-test=rec-line]", { hasText: text })).toHaveCount(1);
  await expect(page.locator(`[data-test=rec-line][data-id="${otherId}"]`)).toHaveCount(0);
  await page.goto(recPath);
  await hydrated(page);
  await page.locator("[data-test=step-start] button[type=submit]").click();
  await page.waitForURL(/saved=1/);
  await expect(page.locator("h1 [data-test=rec-status]")).toHaveText("Đang giải quyết");
  // a template of its body's, chosen on the item's page (a document page: enhance.js),
  // puts its text in the answer, to be edited
  const model = "Mẫu trả lời: đã chuyển đơn vị chức năng xử lý.";
  await page.goto("/recommendations/templates");
  await hydrated(page);
  const tpl = page.locator("form[data-test=new-template]");
  await tpl.locator("select[name=body_id]").selectOption({ index: 1 });
  await tpl.locator("input[name=title]").fill("Biển báo");
  await tpl.locator("textarea[name=text]").fill(model);
  await tpl.locator("button[type=submit]").click();
  await page.waitForURL(/saved=1/);
  await page.goto(recPath);
  await hydrated(page);
  await page.locator("[data-test=step-answer] select[name=template]").selectOption({ label: "Biển báo" });
  await expect(page.locator("[data-test=step-answer] textarea[name=answer]")).toHaveValue(model);
  await page.locator("[data-test=step-answer] textarea[name=answer]").fill(answer);
  await page.locator("[data-test=step-answer] button[type=submit]").click();
  await expect(page.locator("h1 [data-test=rec-status]")).toHaveText("Đã trả lời");
  await expect(page.locator("[data-test=rec-answer]")).toHaveText(answer);
  // another body's item does not exist for it
  await page.goto(`/recommendations/${otherId}`);
  await expect(page.locator("[data-test=load-error]")).toBeVisible();

  // thanhvien, at tonight's meeting of the cell: the answer is there; he closes it
  await switchTo(page, "thanhvien");
  await page.goto(tonight.href);
  await hydrated(page);
  const item = page.locator("[data-test=open-rec]", { hasText: text });
  await expect(item.locator("[data-test=open-rec-answer]")).toContainText(answer);
  await item.locator("textarea[name=reaction]").fill("Đã thông tin lại tại chi bộ; phụ huynh và nhân dân phấn khởi.");
  await item.locator("[data-test=close-rec-submit]").click();
  await page.waitForURL(/#open-recs|\/meetings\//);
  await expect(page.locator("[data-test=open-rec]", { hasText: text })).toHaveCount(0);
  await page.goto(recPath);
  await hydrated(page);
  await expect(page.locator("h1 [data-test=rec-status]")).toHaveText("Đã khép lại");
  await expect(page.locator("[data-test=rec-step]")).toHaveCount(5);
  await expect(page.locator("[data-test=rec-reaction]")).toContainText("phấn khởi");
});
