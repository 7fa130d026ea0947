// The queue refreshes itself: every few seconds it fetches the table alone (?partial=1) and
// swaps it in, unless the clinician is in the middle of a form. The page works without it.
(function () {
  "use strict";
  var region = document.getElementById("queue");
  var failed = document.getElementById("refresh-failed");
  if (!region || !window.fetch) return;
  var every = (parseInt(region.dataset.refreshSeconds, 10) || 15) * 1000;
  var timer = null;

  function busy() {
    if (region.querySelector("details[open]")) return true;
    var active = document.activeElement;
    return Boolean(active && active !== region && region.contains(active) &&
      active.matches("input, select, textarea, button, summary"));
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, every);
  }

  function refresh() {
    if (busy()) return schedule();
    fetch(region.dataset.partialUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.redirected) { // signed out meanwhile: the full page goes to the sign-in
          window.location.reload();
          return;
        }
        if (!response.ok) throw new Error(String(response.status));
        return response.text().then(function (html) {
          if (busy()) return; // a form was opened while the request was under way
          region.innerHTML = html;
          if (failed) failed.hidden = true;
        });
      })
      .catch(function () { if (failed) failed.hidden = false; })
      .then(schedule);
  }

  schedule();
})();
