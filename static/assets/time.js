/* Optional: times from the last two days read as "3 hours ago"; the page's absolute date
   stays in the tooltip, and without JavaScript (or for older items) nothing changes. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var fmt = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" });
  var now = Date.now();
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var when = Date.parse(el.getAttribute("datetime"));
    var minutes = Math.round((when - now) / 60000);
    if (isNaN(when) || minutes > 0 || minutes < -2880) return;
    el.title = el.textContent;
    el.textContent = minutes > -60 ? fmt.format(minutes, "minute") : fmt.format(Math.round(minutes / 60), "hour");
  });
})();
