import { expect, test } from "@playwright/test";
import { hydrated, login, PASSWORD, signIn } from "./helpers";

test("a wrong password is refused and the page stays on /login", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  const form = page.locator("form[data-test=login-form]");
  await form.locator("input[name=username]").fill("ubnd");
  await form.locator("input[name=password]").fill("not-the-password-1");
  await form.locator("button[type=submit]").click();

  const error = form.locator(".field-error, [data-test=form-error]");
  await expect(error).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await expect(page).toHaveURL(/\/login/);
  expect(new URL(page.url()).pathname).toBe("/login");

  // The right password then works (and clears this account's failure count, so reruns
  // never run into the sign-in throttle).
  await form.locator("input[name=password]").fill(PASSWORD);
  await form.locator("button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.locator("h1")).toContainText("Xin chào");
});

test("an empty username is not sent", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  const form = page.locator("form[data-test=login-form]");
  const username = form.locator("input[name=username]");
  await username.fill("");
  await form.locator("input[name=password]").fill(PASSWORD);
  await form.locator("button[type=submit]").click();

  const blockedByBrowser = await username.evaluate((el) => (el as HTMLInputElement).validity.valueMissing);
  if (!blockedByBrowser) {
    await expect(form.locator(".field-error, [data-test=form-error]").first()).toHaveText("Không được để trống.");
  }
  await expect(page).toHaveURL(/\/login/);
  expect(new URL(page.url()).pathname).toBe("/login");
  await expect(form).toBeVisible();
});

test("a page opened while signed out comes back after signing in", async ({ page }) => {
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/people");

  await signIn(page, "thuongvu");
  await expect(page).toHaveURL(/\/people$/);
  await expect(page.locator("h1")).toHaveText("Cán bộ");
});

test("the login helper signs in", async ({ page }) => {
  await login(page, "phuong2");
  await expect(page.locator("h1")).toContainText("Xin chào");
  await expect(page.locator("button[data-test=logout]")).toBeVisible();
});
