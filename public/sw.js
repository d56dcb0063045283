// Tổ công tác's service worker: the app's shell and the pages of a member's meetings stay
// available without a network. Pages: the network first, the last copy when offline. The
// bundle (/pkg, names carry their content's hash): the cache first.
var CACHE = 'tct-v2';

self.addEventListener('install', function (e) {
  self.skipWaiting();
  e.waitUntil(caches.open(CACHE).then(function (c) {
    return c.addAll(['/offline.js', '/enhance.js', '/manifest.webmanifest', '/icon-192.png']).catch(function () {});
  }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (ks) {
    return Promise.all(ks.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(req, res) {
  if (res && res.ok && res.type === 'basic' && !res.redirected) {
    var copy = res.clone();
    caches.open(CACHE).then(function (c) { c.put(req, copy); });
  }
  return res;
}

function kept(path) {
  return /^\/($|meetings\/\d+$|calendar$|offline\.js$|enhance\.js$|manifest\.webmanifest$|icon-)/.test(path);
}

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/pkg/') === 0) {
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) { return keep(req, res); });
    }));
    return;
  }
  if (req.mode === 'navigate' || kept(url.pathname)) {
    if (!kept(url.pathname)) return;
    e.respondWith(fetch(req).then(function (res) { return keep(req, res); }).catch(function () {
      return caches.match(req).then(function (hit) {
        return hit || caches.match(url.pathname, { ignoreSearch: true }).then(function (h) { return h || Response.error(); });
      });
    }));
  }
});

// A page asks to keep the meetings it links to (a member's agenda).
self.addEventListener('message', function (e) {
  var d = e.data || {};
  if (d.type !== 'keep' || !Array.isArray(d.urls)) return;
  caches.open(CACHE).then(function (c) {
    d.urls.slice(0, 20).forEach(function (u) {
      if (!/^\/meetings\/\d+$/.test(u)) return;
      c.match(u).then(function (hit) {
        if (!hit) fetch(u, { credentials: 'same-origin' }).then(function (res) { if (res.ok && !res.redirected) c.put(u, res); }).catch(function () {});
      });
    });
  });
});
