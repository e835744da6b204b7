// Gemini Gateway status page: live countdowns to a key's recovery, and a confirmation before disabling a key.
// Served from this gateway only (the page's Content-Security-Policy allows no inline or foreign scripts).
(function () {
  "use strict";

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  // Same form as the server's Durations.compact: "45s", "3m 05s", "2h 07m", "3d 4h".
  function compact(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m " + pad(s % 60) + "s";
    if (s < 86400) return Math.floor(s / 3600) + "h " + pad(Math.floor((s % 3600) / 60)) + "m";
    return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
  }

  function typing() {
    var a = document.activeElement;
    var text = document.getElementById("new-keys");
    return (a && (a.tagName === "TEXTAREA" || a.tagName === "INPUT")) || (text && text.value !== "");
  }

  var reloadScheduled = false;
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-until]").forEach(function (el) {
      var left = Number(el.getAttribute("data-until")) - now;
      el.textContent = compact(left);
      if (left <= 0 && !reloadScheduled && !typing()) {
        reloadScheduled = true; // the key is back: show its new state
        setTimeout(function () { window.location.reload(); }, 1500);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector(".countdown[data-until]")) {
      tick();
      setInterval(tick, 1000);
    }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  });
})();
