// Piiri's own script: a client-made id on every command, and a calm connection indicator.
(function () {
  "use strict";
  function newId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // Every command carries an id made here once, so a resend after a reconnect is applied once.
  document.addEventListener("htmx:ws:before:message:outgoing", function (event) {
    event.detail.message.values.cid = newId();
  });
  // The indicator appears only after a couple of seconds offline, so it never flickers.
  var offlineTimer = null;
  function indicator(text) {
    var el = document.getElementById("connection");
    if (el) { el.textContent = text; }
  }
  document.addEventListener("htmx:ws:close", function () {
    if (offlineTimer) { return; }
    offlineTimer = setTimeout(function () {
      var el = document.getElementById("connection");
      indicator(el ? el.getAttribute("data-offline") || "Reconnecting…" : "");
    }, 2000);
  });
  document.addEventListener("htmx:ws:after:connection", function () {
    if (offlineTimer) { clearTimeout(offlineTimer); offlineTimer = null; }
    indicator("");
    document.body.setAttribute("data-connected", "true");
  });
})();
