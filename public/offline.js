// Tổ công tác: what a member types at the meeting is kept on the phone as it is typed and
// sent when the network allows. The page works without this file (every action is a plain
// form); with it, a dropped network, a reload or a closed tab loses nothing, and a request
// retried after a timeout carries the same key, so the server stores it once.
(function () {
  'use strict';
  var TEXT = {
    vi: {
      local: 'Chỉ lưu trên điện thoại — chưa gửi lên máy chủ',
      sending: 'Đang gửi lên máy chủ…',
      saved: 'Đã lưu trên máy chủ lúc ',
      offline: 'Mất kết nối — nội dung được giữ trên điện thoại và sẽ tự gửi khi có mạng',
      refused: 'Máy chủ chưa nhận — xem thông báo bên dưới',
      conflict: 'Báo cáo vừa được lưu từ thiết bị khác. Tải lại trang để xem; nội dung trên máy này vẫn được giữ.',
      pending: 'chỉ trên điện thoại',
      synced: 'đã lưu',
      failed: 'máy chủ không nhận',
      checkin: '✓ Đã điểm danh lúc '
    },
    en: {
      local: 'Kept on this phone only — not yet on the server',
      sending: 'Sending to the server…',
      saved: 'Saved on the server at ',
      offline: 'Offline — everything is kept on this phone and will be sent when the network is back',
      refused: 'The server did not accept it — see the message below',
      conflict: 'The report was just saved from another device. Reload to see it; what is on this phone is kept.',
      pending: 'on this phone only',
      synced: 'saved',
      failed: 'refused by the server',
      checkin: '✓ Checked in at '
    }
  };
  var lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
  function t(k) { return TEXT[lang][k]; }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').then(function () {
      // keep the meetings this page links to (a member's agenda) for the road
      var urls = [];
      document.querySelectorAll('a[href^="/meetings/"]').forEach(function (a) {
        var h = a.getAttribute('href').split('#')[0];
        if (/^\/meetings\/\d+$/.test(h) && urls.indexOf(h) < 0 && urls.length < 20) urls.push(h);
      });
      if (urls.length && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: 'keep', urls: urls });
      }
    }).catch(function () {});
  }
  // signing in starts afresh: pages another account saw are dropped (typed drafts are not)
  if (location.pathname === '/login' && window.caches) {
    caches.keys().then(function (ks) { ks.forEach(function (k) { caches.delete(k); }); }).catch(function () {});
  }

  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { if (v == null) localStorage.removeItem(k); else localStorage.setItem(k, JSON.stringify(v)); } catch (e) {} }
  };
  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function hhmm(d) { return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2); }
  function encode(pairs) {
    return pairs.map(function (p) { return encodeURIComponent(p[0]) + '=' + encodeURIComponent(p[1]); }).join('&');
  }
  // status 0: no answer (offline, timeout)
  function post(action, pairs) {
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, 15000);
    return fetch(action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
      body: encode(pairs),
      signal: ctl ? ctl.signal : undefined
    }).then(function (r) {
      clearTimeout(timer);
      return r.text().then(function (txt) {
        var body = null;
        try { body = JSON.parse(txt); } catch (e) {}
        return { status: r.status, body: body };
      });
    }, function () { clearTimeout(timer); return { status: 0 }; });
  }
  // Lets the server answer a refused request the way it answers a plain form: the page
  // comes back with the message next to the field (what was typed is restored from here).
  function plainSubmit(form, extra) {
    extra.forEach(function (p) {
      var i = form.querySelector('input[type=hidden][name="' + p[0] + '"]');
      if (!i) { i = document.createElement('input'); i.type = 'hidden'; i.name = p[0]; form.appendChild(i); }
      i.value = p[1];
    });
    HTMLFormElement.prototype.submit.call(form);
  }

  // <body data-ready="1">: this file has taken over the page's forms (on the meeting
  // page, served as a plain document without the wasm, that is when it is ready)
  function ready() { document.body.setAttribute('data-ready', '1'); }

  var panel = document.querySelector('[data-test=report-panel]');
  if (!panel) { ready(); return; }
  var meeting = panel.getAttribute('data-meeting');
  var status = panel.querySelector('[data-sync-status]');
  var report = panel.querySelector('form[data-offline=report]');
  var recForm = panel.querySelector('form[data-offline=rec]');
  var checkForm = panel.querySelector('form[data-offline=checkin]');
  var pendingList = panel.querySelector('[data-pending-recs]');
  var K = { report: 'tct.report.' + meeting, recs: 'tct.recs.' + meeting, checkin: 'tct.checkin.' + meeting, version: 'tct.version.' + meeting };
  var KEYS = ['meeting_id', 'version', 'save_key', 'submit_key', 'submit'];

  function show(state, extra) {
    if (!status) return;
    status.setAttribute('data-state', state);
    status.className = 'sync-status ' + state;
    status.textContent = t(state) + (extra || '');
  }

  // ---------------------------------------------------------------- the report
  var busy = false;
  function snapshot() {
    var pairs = [];
    new FormData(report).forEach(function (v, k) { if (KEYS.indexOf(k) < 0) pairs.push([k, String(v)]); });
    return pairs;
  }
  function restore(st) {
    var map = {};
    st.fields.forEach(function (p) { map[p[0]] = p[1]; });
    Array.prototype.forEach.call(report.elements, function (el) {
      if (!el.name || KEYS.indexOf(el.name) >= 0 || el.disabled || el.type === 'hidden') return;
      if (el.type === 'checkbox') el.checked = Object.prototype.hasOwnProperty.call(map, el.name);
      else if (Object.prototype.hasOwnProperty.call(map, el.name)) el.value = map[el.name];
    });
  }
  function edited(submit) {
    var old = store.get(K.report) || {};
    var st = { fields: snapshot(), dirty: true, saveKey: uuid(), submit: submit || !!old.submit, submitKey: old.submitKey };
    if (st.submit && !st.submitKey) st.submitKey = report.querySelector('[name=submit_key]').value;
    store.set(K.report, st);
    show('local');
    return st;
  }
  function syncReport() {
    var st = store.get(K.report);
    // what the server refused is sent again only once it has been changed
    if (!report || !st || !st.dirty || busy || st.refused === st.saveKey) return;
    busy = true;
    show('sending');
    var pairs = st.fields.slice();
    pairs.push(['meeting_id', meeting], ['version', report.querySelector('[name=version]').value], ['save_key', st.saveKey]);
    if (st.submit) pairs.push(['submit', 'on'], ['submit_key', st.submitKey]);
    post(report.action, pairs).then(function (r) {
      busy = false;
      if (r.status === 200 && typeof r.body === 'number') {
        report.querySelector('[name=version]').value = String(r.body);
        store.set(K.version, r.body);
        var now = store.get(K.report);
        if (now && now.saveKey === st.saveKey) {
          store.set(K.report, null);
          if (st.submit) { location.replace('/meetings/' + meeting + '?saved=1#report'); return; }
        }
        show('saved', hhmm(new Date()));
        if (now && now.saveKey !== st.saveKey) syncReport();
      } else if (r.status === 0 || r.status >= 500) {
        show('offline');
      } else if (r.status === 409) {
        show('conflict');
      } else {
        show('refused');
        var kept = store.get(K.report);
        if (kept && kept.saveKey === st.saveKey) { kept.refused = st.saveKey; store.set(K.report, kept); }
        var extra = [['save_key', st.saveKey]];
        if (st.submit) extra.push(['submit', 'on'], ['submit_key', st.submitKey]);
        plainSubmit(report, extra);
      }
    });
  }
  if (report) {
    // a page kept for the road may be older than what this phone last saved
    var seen = store.get(K.version);
    var versionInput = report.querySelector('[name=version]');
    if (typeof seen === 'number' && seen > Number(versionInput.value)) versionInput.value = String(seen);
    else store.set(K.version, null);
    var locked = report.querySelector('textarea[name=running_note]');
    var st0 = store.get(K.report);
    if (locked && locked.disabled) {
      store.set(K.report, null); // submitted or acknowledged: the server has it
    } else if (st0 && st0.dirty) {
      restore(st0);
      show(st0.refused === st0.saveKey ? 'refused' : 'local');
    }
    var timer = null;
    var onEdit = function () {
      edited(false);
      clearTimeout(timer);
      timer = setTimeout(syncReport, 1500);
    };
    report.addEventListener('input', onEdit);
    report.addEventListener('change', onEdit);
  }

  // ---------------------------------------------------------------- recommendations
  function recs() { return store.get(K.recs) || []; }
  function renderRecs() {
    if (!pendingList) return;
    pendingList.textContent = '';
    recs().forEach(function (r) {
      var li = document.createElement('li');
      li.setAttribute('data-test', 'pending-rec');
      li.setAttribute('data-state', r.state);
      li.textContent = (r.state === 'synced' ? '✓ ' : r.state === 'failed' ? '⚠ ' : '⏳ ') + r.content;
      var s = document.createElement('span');
      s.className = 'muted';
      s.textContent = ' — ' + t(r.state === 'synced' ? 'synced' : r.state === 'failed' ? 'failed' : 'pending');
      li.appendChild(s);
      pendingList.appendChild(li);
    });
  }
  var recBusy = false;
  function syncRecs() {
    if (!recForm || recBusy) return;
    var next = recs().filter(function (r) { return r.state === 'pending'; })[0];
    if (!next) return;
    recBusy = true;
    post(recForm.action, [['meeting_id', meeting], ['client_key', next.key], ['raised_by', next.raisedBy], ['content', next.content], ['domain', next.domain]])
      .then(function (r) {
        recBusy = false;
        var list = recs();
        list.forEach(function (x) {
          if (x.key !== next.key) return;
          if (r.status === 200) x.state = 'synced';
          else if (r.status !== 0 && r.status < 500) x.state = 'failed';
        });
        store.set(K.recs, list);
        renderRecs();
        if (r.status === 200) syncRecs();
      });
  }
  if (recForm || pendingList) {
    // those the page lists came from the server: the phone's copy is no longer needed
    var onServer = {};
    panel.querySelectorAll('[data-test=rec][data-key]').forEach(function (li) { onServer[li.getAttribute('data-key')] = true; });
    var list0 = recs().filter(function (r) { return !onServer[r.key]; });
    store.set(K.recs, list0.length ? list0 : null);
    renderRecs();
  }

  // ---------------------------------------------------------------- check-in
  function syncCheckin() {
    var c = store.get(K.checkin);
    if (!c || c.synced || !checkForm) return;
    post(checkForm.action, [['meeting_id', meeting], ['at', c.at]]).then(function (r) {
      if (r.status === 200) { c.synced = true; store.set(K.checkin, c); showCheckin(c); }
      else if (r.status !== 0 && r.status < 500) { store.set(K.checkin, null); plainSubmit(checkForm, [['at', c.at]]); }
    });
  }
  function showCheckin(c) {
    var p = panel.querySelector('[data-checkin-local]');
    if (!checkForm || !p) return;
    checkForm.style.display = 'none';
    p.setAttribute('data-state', c.synced ? 'synced' : 'pending');
    p.textContent = t('checkin') + hhmm(new Date(c.at)) + ' (' + t(c.synced ? 'synced' : 'pending') + ')';
  }
  if (!checkForm) store.set(K.checkin, null); // the server shows the check-in itself
  else if (store.get(K.checkin)) showCheckin(store.get(K.checkin));

  // Forms kept here take over from the page's own handling (which would send at once and
  // lose the text on a dropped network).
  document.addEventListener('submit', function (e) {
    var f = e.target;
    var kind = f && f.getAttribute && f.getAttribute('data-offline');
    if (!kind || !panel.contains(f)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (kind === 'report') {
      var submit = !!(e.submitter && e.submitter.name === 'submit');
      edited(submit);
      syncReport();
    } else if (kind === 'rec') {
      var content = f.querySelector('[name=content]').value.trim();
      if (!content) { f.querySelector('[name=content]').focus(); return; }
      var list = recs();
      list.push({ key: uuid(), content: content, raisedBy: f.querySelector('[name=raised_by]').value, domain: f.querySelector('[name=domain]').value, state: 'pending' });
      store.set(K.recs, list);
      f.querySelector('[name=content]').value = '';
      f.querySelector('[name=raised_by]').value = '';
      renderRecs();
      syncRecs();
    } else if (kind === 'checkin') {
      var c = { at: new Date().toISOString() };
      store.set(K.checkin, c);
      showCheckin(c);
      syncCheckin();
    }
  }, true);

  function syncAll() { syncCheckin(); syncRecs(); syncReport(); }
  window.addEventListener('online', syncAll);
  setInterval(syncAll, 20000);
  syncAll();
  ready();
})();
