import { expect, Page, test } from "@playwright/test";
import { hydrated, login } from "./helpers";
import { Api, newCell, newMeeting, wardId } from "./fixtures";

/** The month `n` months after this one (Vietnam time), as yyyy-mm. */
function monthAhead(n: number): string {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1)).toISOString().slice(0, 7);
}

async function switchTo(page: Page, user: string) {
  await page.context().clearCookies();
  await login(page, user);
}

test("phuong1 enters her ward's month, thanhvien finds his meeting, a clash gets a substitute totruong accepts", async ({ page, baseURL }, info) => {
  // each screen size takes a month of its own, so the runs do not meet
  const month = monthAhead(info.project.name === "phone" ? 2 : 1);
  // four cells of its own in Phường 1, listed last on the grid, one after the other
  const bantochuc = await Api.as("bantochuc", baseURL!);
  const p1 = await wardId(bantochuc, "P1");
  const made = [];
  for (const n of [1, 2, 3, 4]) made.push(await newCell(bantochuc, p1, `Chi bộ lịch ${n}`));
  await bantochuc.dispose();
  const busyNote = `Tiếp xúc cử tri ${made[0].code}`;

  await login(page, "thanhvien");
  const member = ((await page.locator(".whoami").textContent()) ?? "").split(" · ")[0].trim();
  expect(member.length).toBeGreaterThan(3);

  // The ward officer opens her month grid from the calendar.
  await switchTo(page, "phuong1");
  await page.goto("/calendar");
  await hydrated(page);
  const enter = page.locator("a[data-test=enter-month]");
  await expect(enter).toHaveCount(1);
  const ward = (await enter.getAttribute("href"))!.match(/\/calendar\/ward\/(\d+)/)![1];
  await page.goto(`/calendar/ward/${ward}?month=${month}`);
  await hydrated(page);
  const rows = page.locator("tr[data-test=grid-row]");
  expect(await rows.count()).toBeGreaterThan(5);
  // prefilled from each cell's usual day (the demo's cells have one)
  await expect(rows.nth(1).locator("input[data-col=date]")).not.toHaveValue("");
  const own = made.map((c) => page.locator(`tr[data-test=grid-row][data-cell="${c.id}"]`));

  // Keyboard: Enter moves down the column.
  const first = own[0];
  await first.locator("input[data-col=date]").fill("7");
  await first.locator("input[data-col=date]").press("Enter");
  await expect(own[1].locator("input[data-col=date]")).toBeFocused();

  // A column pasted from a spreadsheet fills the rows below.
  await own[1].locator("input[data-col=place]").evaluate((el) => {
    const data = new DataTransfer();
    data.setData("text/plain", "Hội trường A\r\nHội trường B\r\nHội trường C\r\n");
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(own[1].locator("input[data-col=place]")).toHaveValue("Hội trường A");
  await expect(own[3].locator("input[data-col=place]")).toHaveValue("Hội trường C");

  // A mistake is shown in its row, and nothing is saved.
  await first.locator("input[data-col=start]").fill("19:30");
  await first.locator("input[data-col=end]").fill("18:00");
  await page.locator("form[data-test=grid-form] button[type=submit]").click();
  await expect(first.locator("[data-test=row-error]")).toBeVisible();
  await expect(page.locator("[data-test=grid-errors]")).toBeVisible();
  await expect(first.locator("input[data-col=date]")).toHaveValue("7");

  // Fixed and saved: every row becomes an announced meeting.
  await first.locator("input[data-col=end]").fill("21:00");
  await page.locator("form[data-test=grid-form] button[type=submit]").click();
  await expect(page.locator("p.saved")).toBeVisible();
  await expect(first.locator(".badge")).toHaveText("Đã thông báo");
  const cell = String(made[0].id);
  const cellName = ((await first.locator("th a").textContent()) ?? "").trim();

  // The group leader puts thanhvien on that cell for the month.
  await switchTo(page, "totruong");
  await page.goto("/groups");
  const href = await page.locator("[data-test=group]").filter({ hasText: "Tổ công tác số 1" }).first()
    .locator("a", { hasText: "Tổ công tác số 1" }).getAttribute("href");
  await page.goto(`${href}/board?month=${month}`);
  await hydrated(page);
  const boardCell = page.locator(`li[data-cell="${cell}"]`);
  await boardCell.locator("select[name=person_id]").selectOption({ label: member });
  await boardCell.getByRole("button", { name: "Phân công" }).click();
  await expect(boardCell.locator("[data-test=assigned]").filter({ hasText: member })).toHaveCount(1);

  // thanhvien finds it among his meetings, with its time and place.
  await switchTo(page, "thanhvien");
  await page.goto("/");
  await page.locator("a[data-test=my-meetings-card]").click();
  await page.waitForURL(/mine=1/);
  await page.goto(`/calendar?mine=1&view=agenda&date=${month}-07`);
  await hydrated(page);
  const card = page.locator("a[data-test=meeting]").filter({ hasText: cellName.replace(/^\S+\s+/, "") });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("19:30–21:00");
  await expect(card).toContainText(member);
  const meeting = (await card.getAttribute("href"))!;
  // the month view shows it too, and opens the meeting
  await page.locator("a[data-test=view-month]").click();
  await expect(page.locator("table[data-test=month-grid]")).toBeVisible();
  await page.locator("a[data-test=month-chip]").first().click();
  await expect(page.locator("[data-test=meeting-title]")).toBeVisible();

  // He is taken that evening: he enters it as a busy time.
  await page.goto("/calendar/busy");
  await hydrated(page);
  const busy = page.locator("form[data-test=busy-form]");
  const busyDay = `07/${month.slice(5, 7)}/${month.slice(0, 4)}`;
  await busy.locator("input[name=date]").fill(busyDay);
  await busy.locator("input[name=start]").fill("19:00");
  await busy.locator("input[name=end]").fill("22:00");
  await busy.locator("input[name=note]").fill(busyNote);
  await busy.locator("button[type=submit]").click();
  await expect(page.locator("li[data-test=busy]").filter({ hasText: busyNote }).filter({ hasText: busyDay })).toHaveCount(1);

  // The leader sees the clash on the meeting and sends the first free member instead.
  await switchTo(page, "totruong");
  await page.goto(meeting);
  await hydrated(page);
  const clash = page.locator("[data-test=clashes] li[data-test=clash-line]").filter({ hasText: member });
  await expect(clash).toContainText(busyNote);
  const accept = clash.locator("button[data-test=accept-substitute]").first();
  const substitute = ((await accept.textContent()) ?? "").replace(/^Cử\s+/, "").replace(/\d+$/, "").trim();
  await accept.click();
  await expect(page.locator("[data-test=replaced]")).toContainText(substitute);
  await expect(page.locator("[data-test=clashes]")).toHaveCount(0);
  await expect(page.locator("[data-test=expected]")).toContainText(substitute);
});

test("a ward postpones a meeting with a reason; the history keeps it", async ({ page, baseURL }) => {
  // a meeting of its own still to come: a new cell of Phường 1, next month
  const bantochuc = await Api.as("bantochuc", baseURL!);
  const phuong1 = await Api.as("phuong1", baseURL!);
  const ward = await wardId(bantochuc, "P1");
  const cell = await newCell(bantochuc, ward);
  const meeting = await newMeeting(phuong1, ward, cell.id, `${monthAhead(1)}-15`, "19:30", "21:00");
  await Promise.all([bantochuc.dispose(), phuong1.dispose()]);

  await login(page, "phuong1");
  // it is on the ward's calendar of that month
  await page.goto(`/calendar?view=month&date=${monthAhead(1)}-01`);
  await hydrated(page);
  await page.locator(`a[data-test=month-chip][href^="/meetings/${meeting}"]`).click();
  await page.waitForURL(new RegExp(`/meetings/${meeting}`));
  await hydrated(page);
  const form = page.locator("form[data-test=change-form]");
  await form.locator("button[data-test=postpone]").click();
  await expect(form.locator(".field-error")).toBeVisible();
  await form.locator("input[name=reason]").fill("Trùng lịch tổ chức bầu cử khu phố");
  await form.locator("button[data-test=postpone]").click();
  await expect(page.locator("[data-test=meeting-status]")).toHaveText("Hoãn");
  await expect(page.locator("[data-test=history]")).toContainText("Trùng lịch tổ chức bầu cử khu phố");
});
