// What a spec makes for itself, through the app's own server functions (as the demo's
// users would, with their rights): a cell of its own, its member assigned, its meetings.
// A spec that makes its data this way does not depend on the order of the specs, on the
// other project (projector / phone) having run first, or on being run for the first time.
import { APIRequestContext, request } from "@playwright/test";
import { PASSWORD, todayVn } from "./helpers";

/** A demo user's session for calling server functions (`/api/…`) directly. */
export class Api {
  private constructor(private ctx: APIRequestContext) {}

  static async as(user: string, baseURL: string): Promise<Api> {
    const api = new Api(await request.newContext({ baseURL }));
    await api.call("login", { username: user, password: PASSWORD });
    return api;
  }

  /** Calls a server function with a form; its JSON answer (a 4xx or 5xx throws, with its message). */
  async call(endpoint: string, form: Record<string, string | number>): Promise<any> {
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) data[k] = String(v);
    const r = await this.ctx.post(`/api/${endpoint}`, { form: data, headers: { accept: "application/json" }, maxRedirects: 0 });
    const body = await r.text();
    if (r.status() >= 400) throw new Error(`${endpoint} answered ${r.status()}: ${body}`);
    return body ? JSON.parse(body) : null;
  }

  async dispose(): Promise<void> {
    await this.ctx.dispose();
  }
}

/** A code no demo unit has, unique to this run: "ZE" and the time in milliseconds, so the
 *  units a spec makes are listed after the demo's, in the order they were made. */
let last = 0;
export function uniqueCode(): string {
  last = Math.max(last + 1, Date.now());
  return `ZE${last}`;
}

/** "2026-12" of a yyyy-mm-dd date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The time in Vietnam `minutes` from now, as hh:mm on today's date (kept within today). */
export function vnTime(minutes: number): string {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  const today = now.toISOString().slice(0, 10);
  const t = new Date(now.getTime() + minutes * 60 * 1000);
  if (t.toISOString().slice(0, 10) < today) return "00:00";
  if (t.toISOString().slice(0, 10) > today) return "23:59";
  return t.toISOString().slice(11, 16);
}

export async function wardId(api: Api, code: string): Promise<number> {
  const tree = await api.call("org/tree", {});
  const ward = tree.wards.find((w: any) => w.code === code);
  if (!ward) throw new Error(`no ward ${code}`);
  return ward.id;
}

export async function groupId(api: Api, name: string): Promise<number> {
  const list = await api.call("groups/list", {});
  const group = list.groups.find((g: any) => g.name === name);
  if (!group) throw new Error(`no group ${name}`);
  return group.id;
}

export async function personOf(api: Api): Promise<number> {
  const me = await api.call("me", {});
  return me.person_id;
}

export type Cell = { id: number; code: string; name: string };

/** A residential cell of its own in `ward` (20 party members), made by the organization board. */
export async function newCell(bantochuc: Api, ward: number, label = "Chi bộ thử"): Promise<Cell> {
  const code = uniqueCode();
  const name = `${label} ${code}`;
  const id = await bantochuc.call("org/save", {
    id: "",
    version: "",
    kind: "cell",
    parent_id: ward,
    code,
    name,
    residential: "on",
    active_from: "2020-01-01",
    party_members: 20,
  });
  return { id, code, name };
}

/** `person` assigned to `cell` on `group`'s board of `month` (by the group's leader). */
export async function assign(leader: Api, group: number, month: string, cell: number, person: number): Promise<void> {
  const board = await leader.call("board/get", { group_id: group, month });
  await leader.call("board/assign", { group_id: group, month, cell_id: cell, person_id: person, version: board.version });
}

/** A meeting of `cell` on `date` (yyyy-mm-dd) from `start` to `end` (hh:mm), entered and
 *  announced on the ward's month grid by its staff; its id. */
export async function newMeeting(
  wardStaff: Api,
  ward: number,
  cell: number,
  date: string,
  start: string,
  end: string,
  kind = "regular",
  topic = "",
): Promise<number> {
  const month = monthOf(date);
  const [, m, d] = date.split("-");
  await wardStaff.call("calendar/save-month", {
    ward_id: ward,
    month,
    "rows[0][cell_id]": cell,
    "rows[0][date]": `${d}/${m}`,
    "rows[0][start]": start,
    "rows[0][end]": end,
    "rows[0][place]": "Nhà văn hóa khu phố",
    "rows[0][kind]": kind,
    "rows[0][topic]": topic,
    announce: "on",
  });
  const grid = await wardStaff.call("calendar/ward-month", { ward_id: ward, month });
  const row = grid.rows.find((r: any) => r.cell_id === cell && r.meeting_id && r.date.startsWith(`${d}/${m}`));
  if (!row) throw new Error(`the meeting of cell ${cell} on ${date} is not on the grid`);
  return row.meeting_id;
}

/** A cell of Phường 1 of its own, thanhvien assigned to it this month by totruong (Tổ công
 *  tác số 1 follows Phường 1), and a meeting of it under way now (30 minutes ago to 90
 *  minutes from now), announced by phuong1. */
export async function meetingUnderWay(baseURL: string): Promise<{ meeting: number; cell: Cell; ward: number }> {
  const [bantochuc, totruong, phuong1, thanhvien] = await Promise.all(
    ["bantochuc", "totruong", "phuong1", "thanhvien"].map((u) => Api.as(u, baseURL)),
  );
  try {
    const ward = await wardId(bantochuc, "P1");
    const cell = await newCell(bantochuc, ward);
    const today = todayVn();
    await assign(totruong, await groupId(totruong, "Tổ công tác số 1"), monthOf(today), cell.id, await personOf(thanhvien));
    const meeting = await newMeeting(phuong1, ward, cell.id, today, vnTime(-30), vnTime(90));
    return { meeting, cell, ward };
  } finally {
    await Promise.all([bantochuc, totruong, phuong1, thanhvien].map((a) => a.dispose()));
  }
}

/** Another meeting of `cell` this month, already over (yesterday evening; on the 1st, in
 *  the small hours of today), announced by phuong1; null in the first hour of a month. */
export async function meetingHeldBefore(baseURL: string, ward: number, cell: number): Promise<number | null> {
  const phuong1 = await Api.as("phuong1", baseURL);
  try {
    const today = todayVn();
    if (today.endsWith("-01")) {
      if (vnTime(0) < "01:00") return null;
      return await newMeeting(phuong1, ward, cell, today, "00:00", "00:30");
    }
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 24 * 3600 * 1000).toISOString().slice(0, 10);
    return await newMeeting(phuong1, ward, cell, yesterday, "19:30", "21:00");
  } finally {
    await phuong1.dispose();
  }
}

/** `person` assigned to `cell` on `group`'s board of `month` by the organization board,
 *  which reopens the month first when it is closed (the reason is kept in the audit log). */
export async function assignByBoard(bantochuc: Api, group: number, month: string, cell: number, person: number): Promise<void> {
  let board = await bantochuc.call("board/get", { group_id: group, month });
  if (board.closed && !board.reopened_until) {
    await bantochuc.call("board/reopen", { group_id: group, month, version: board.version, reason: "Kiểm thử: bổ sung phân công" });
    board = await bantochuc.call("board/get", { group_id: group, month });
  }
  await bantochuc.call("board/assign", { group_id: group, month, cell_id: cell, person_id: person, version: board.version });
}

/** The month before this one (Vietnam time), as yyyy-mm. */
export function lastMonth(): string {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** A meeting of a new cell of Phường 1 on the 2nd of last month, thanhvien assigned to it:
 *  his report of it is overdue (due 5 working days later). Its id. */
export async function meetingWithReportOverdue(baseURL: string): Promise<number> {
  const [bantochuc, phuong1, thanhvien] = await Promise.all(["bantochuc", "phuong1", "thanhvien"].map((u) => Api.as(u, baseURL)));
  try {
    const ward = await wardId(bantochuc, "P1");
    const cell = await newCell(bantochuc, ward);
    const month = lastMonth();
    await assignByBoard(bantochuc, await groupId(bantochuc, "Tổ công tác số 1"), month, cell.id, await personOf(thanhvien));
    return await newMeeting(phuong1, ward, cell.id, `${month}-02`, "19:30", "21:00");
  } finally {
    await Promise.all([bantochuc, phuong1, thanhvien].map((a) => a.dispose()));
  }
}

/** A ward of its own (active since 2020), an account of its staff, and Tổ công tác số 1
 *  following it from last month: what a periodic report needs. */
export async function newWardWithStaff(baseURL: string): Promise<{ ward: number; name: string; username: string; password: string }> {
  const [admin, bantochuc] = await Promise.all(["admin", "bantochuc"].map((u) => Api.as(u, baseURL)));
  try {
    const code = uniqueCode();
    const name = `Đảng ủy Phường thử ${code}`;
    const ward = await admin.call("org/save", { id: "", version: "", kind: "ward", code, name, active_from: "2020-01-01" });
    const username = `staff${code.toLowerCase()}`;
    const password = "Kiemthu2026";
    await admin.call("accounts/save", { id: "", version: "", username, password, role: "ward_staff", ward_id: ward });
    await bantochuc.call("groups/follow-ward", {
      group_id: await groupId(bantochuc, "Tổ công tác số 1"),
      ward_id: ward,
      follow_from: `${lastMonth()}-01`,
    });
    return { ward, name, username, password };
  } finally {
    await Promise.all([admin, bantochuc].map((a) => a.dispose()));
  }
}

/** A working group of its own (active since 2020, led by a standing member), following a
 *  new ward with one new cell, thanhvien its member: a board no other spec touches. */
export async function newGroup(baseURL: string): Promise<{ group: number; name: string; cell: Cell }> {
  const [admin, bantochuc, thanhvien] = await Promise.all(["admin", "bantochuc", "thanhvien"].map((u) => Api.as(u, baseURL)));
  try {
    const code = uniqueCode();
    const ward = await admin.call("org/save", { id: "", version: "", kind: "ward", code, name: `Đảng ủy Phường tổ ${code}`, active_from: "2020-01-01" });
    const cell = await newCell(bantochuc, ward);
    const standing: [number, string][] = (await bantochuc.call("groups/get", { id: await groupId(bantochuc, "Tổ công tác số 1") })).standing;
    const name = `Tổ công tác thử ${code}`;
    let group = 0;
    let refused = "";
    for (const [leader] of standing) {
      try {
        group = await bantochuc.call("groups/save", {
          id: "", version: "", name, decision_no: "", decision_date: "", active_from: "2020-01-01", active_to: "", leader_id: leader,
        });
        break;
      } catch (e) {
        refused = String(e);
      }
    }
    if (!group) throw new Error(`no standing member may lead a new group: ${refused}`);
    await bantochuc.call("groups/follow-ward", { group_id: group, ward_id: ward, follow_from: "2020-01-01" });
    await bantochuc.call("groups/add-member", { group_id: group, person_id: await personOf(thanhvien), role: "member", active_from: "2020-01-01" });
    return { group, name, cell };
  } finally {
    await Promise.all([admin, bantochuc, thanhvien].map((a) => a.dispose()));
  }
}
