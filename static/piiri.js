// Piiri's own script, on top of htmx 4's hx-ws extension (configured, not forked):
// - every command carries a client-made id (cid), so a resend is applied once;
// - an outbox: a command stays pending until the server answers it; one sent on a socket that
//   broke before the answer is sent again, same cid, on the next socket (the extension itself
//   queues what is sent while no socket is open and sends it on reconnect);
// - reconnects: the extension's jittered exponential back-off (reconnectJitter) spreads a whole
//   room over time after a restart (1012); coming back from the background (visibilitychange, a
//   page restored from the back/forward cache, the network returning) reconnects at once;
// - forms marked data-reset-on-send are emptied once sent (all of it, or the one field it
//   names), and a field marked data-revision-to copies its data-revision into that field on
//   focus: what hx-on did, without code in attributes (the Content-Security-Policy runs none);
// - a calm connection indicator: shown only after a couple of seconds offline, so it never
//   flickers, and it says when something the person did is waiting to be sent;
// - the browser's own "offline": a socket can stay half-open while the network is gone (no
//   close ever comes), so the indicator shows at once and what the person does meanwhile is
//   marked as waiting until it is answered.
(function () {
  "use strict";
  var OFFLINE_DELAY_MS = 2000;
  var MAX_PENDING = 100; // as many as the extension queues while offline
  htmx.config.ws = Object.assign({}, htmx.config.ws || {}, {
    reconnectDelay: 500, // first retry after ~0.5 s, doubling up to 15 s
    reconnectMaxDelay: 15000,
    reconnectJitter: 0.5, // each client waits 50–150 % of that: no thundering herd
    pauseOnBackground: true // a hidden phone lets go; visible again, it reconnects at once
  });

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // cid -> {values, socket}: socket is the one it went out on (null while only queued).
  var pending = new Map();
  var online = false;
  var networkDown = false; // the browser says there is no network, whatever the socket says
  var offlineTimer = null;

  function connectionElement() { return document.getElementById("connection"); }

  function render() {
    var el = connectionElement();
    if (!el) { return; }
    var parts = [];
    if ((!online || networkDown) && el.hasAttribute("data-shown")) {
      parts.push(el.getAttribute("data-offline") || "Reconnecting…");
      if (pending.size > 0) { parts.push(el.getAttribute("data-pending") || ""); }
    }
    var text = parts.join(" ");
    if (el.textContent !== text) { el.textContent = text; }
    document.body.toggleAttribute("data-pending", pending.size > 0);
  }

  document.addEventListener("htmx:ws:before:message:outgoing", function (event) {
    var values = event.detail.message.values;
    values.cid = newId();
    pending.set(values.cid, { values: values, socket: null });
    if (pending.size > MAX_PENDING) { pending.delete(pending.keys().next().value); }
    render();
  });
  document.addEventListener("htmx:ws:after:message:outgoing", function (event) {
    var cid = event.detail.message.values && event.detail.message.values.cid;
    var entry = cid && pending.get(cid);
    if (entry) { entry.socket = event.detail.connection.socket; }
    var form = event.target && event.target.closest ? event.target.closest("form[data-reset-on-send]") : null;
    if (form) {
      var field = form.getAttribute("data-reset-on-send");
      if (!field) { form.reset(); } else if (form.elements[field]) { form.elements[field].value = ""; }
    }
  });
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    var to = el && el.getAttribute ? el.getAttribute("data-revision-to") : null;
    if (to && el.form && el.form.elements[to]) { el.form.elements[to].value = el.getAttribute("data-revision"); }
  });
  // The answer (#notice) names its command; commands on a socket are answered in order, so it
  // answers every command sent before it too (a newer notice may replace an unsent older one).
  var ANSWER = /id="notice"[^>]*\sdata-cid="([^"]+)"/;
  document.addEventListener("htmx:ws:after:message:incoming", function (event) {
    var data = event.detail.message && event.detail.message.data;
    var found = typeof data === "string" ? ANSWER.exec(data) : null;
    var cid = found && found[1];
    if (!cid || !pending.has(cid)) { return; }
    var keys = Array.from(pending.keys());
    for (var i = 0; i < keys.length; i++) {
      pending.delete(keys[i]);
      if (keys[i] === cid) { break; }
    }
    render();
  });

  document.addEventListener("htmx:ws:close", function () {
    online = false;
    document.body.removeAttribute("data-connected");
    // In the background the extension lets go on purpose: nothing to show.
    if (offlineTimer !== null || document.hidden) { return; }
    offlineTimer = setTimeout(function () {
      offlineTimer = null;
      var el = connectionElement();
      if (el && !online) { el.setAttribute("data-shown", ""); }
      render();
    }, OFFLINE_DELAY_MS);
  });
  document.addEventListener("htmx:ws:after:connection", function (event) {
    online = true;
    if (offlineTimer !== null) { clearTimeout(offlineTimer); offlineTimer = null; }
    var el = connectionElement();
    if (el) { el.removeAttribute("data-shown"); }
    // Sent on a socket that broke before the answer: send again, same cid, before whatever
    // the extension queued meanwhile (it flushes its queue right after this event).
    var socket = event.detail.connection.socket;
    pending.forEach(function (entry) {
      if (entry.socket !== null && entry.socket !== socket) {
        socket.send(JSON.stringify(entry.values));
        entry.socket = socket;
      }
    });
    render();
    document.body.setAttribute("data-connected", "true");
  });

  // Back from the back/forward cache, or the network is back: resync now, not after the
  // back-off. The extension's own visibility handler reconnects a closed socket at once.
  function resyncNow() {
    if (!online && !document.hidden) { document.dispatchEvent(new Event("visibilitychange")); }
  }
  window.addEventListener("pageshow", function (event) { if (event.persisted) { resyncNow(); } });
  window.addEventListener("offline", function () {
    networkDown = true;
    var el = connectionElement();
    if (el) { el.setAttribute("data-shown", ""); }
    render();
  });
  window.addEventListener("online", function () {
    networkDown = false;
    var el = connectionElement();
    if (el && online) { el.removeAttribute("data-shown"); }
    // A half-open socket usually carries on once the network is back (what was sent arrives
    // late, is answered, and leaves the outbox); a closed one reconnects and resends.
    render();
    resyncNow();
  });
})();
