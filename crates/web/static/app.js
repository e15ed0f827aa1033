// Progressive enhancement only: every page works without this script.
// - forms with data-confirm ask before submitting (dangerous actions);
// - selects with class auto-submit submit their form on change.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var msg = f && f.getAttribute && f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
    }
  });
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.classList && el.classList.contains("auto-submit") && el.form) {
      el.form.submit();
    }
  });
})();
