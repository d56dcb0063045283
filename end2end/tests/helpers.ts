import { expect, Locator, Page } from "@playwright/test";

/** Every demo account's password. */
export const PASSWORD = "demo2026";

/** Waits until the page is ready for input: the app has hydrated (it sets
 *  `data-hydrated="1"` on <body>), or, on a page served as a plain document without the
 *  wasm (`<body data-page="document">`: the meeting page), offline.js has taken over its
 *  forms (`data-ready="1"`). */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body[data-hydrated='1'], body[data-page='document'][data-ready='1']")).toHaveCount(1);
}

/** Fills and submits the sign-in form of the page already open (e.g. /login?next=…). */
export async function signIn(page: Page, user: string, password = PASSWORD): Promise<void> {
  await hydrated(page);
  const form = page.locator("form[data-test=login-form]");
  await form.locator("input[name=username]").fill(user);
  await form.locator("input[name=password]").fill(password);
  await form.locator("button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Opens /login and signs in; resolves once the browser has left /login. */
export async function login(page: Page, user: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await signIn(page, user, password);
}

/** Today's date in Vietnam (UTC+7, no daylight saving), as yyyy-mm-dd. */
export function todayVn(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The same date as the app shows it: dd/mm/yyyy. */
export function toDmy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The ward block of the /org tree whose name is exactly `name` ("Phường 1" ≠ "Phường 10"). */
export function wardBlock(page: Page, name: string): Locator {
  return page.locator("details[data-test=ward]").filter({
    has: page.locator("summary .ward-name", { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }),
  });
}

/** Opens a ward block of the tree (clicks its summary unless it is already open). */
export async function openWard(ward: Locator): Promise<void> {
  const open = await ward.evaluate((el) => (el as HTMLDetailsElement).open);
  if (!open) {
    await ward.locator("summary").click();
  }
  await expect(ward).toHaveJSProperty("open", true);
}

/** The numeric id at the end of an /org/{id} link. */
export function idFromHref(href: string | null): string {
  const m = href?.match(/\/org\/(\d+)/);
  if (!m) throw new Error(`not a unit link: ${href}`);
  return m[1];
}

export type CellRef = { id: string; code: string; name: string };

/** The active cells (li.cell without "ended") listed in `scope`, in page order. */
export async function activeCells(scope: Locator): Promise<CellRef[]> {
  const items = scope.locator("li[data-test=cell]:not(.ended)");
  const n = await items.count();
  const cells: CellRef[] = [];
  for (let i = 0; i < n; i++) {
    const link = items.nth(i).locator(":scope > a");
    cells.push({
      id: idFromHref(await link.getAttribute("href")),
      code: ((await link.locator(".code").textContent()) ?? "").trim(),
      name: ((await link.locator(".name").textContent()) ?? "").trim(),
    });
  }
  return cells;
}
