/* RPL Care, patient site: small helps for forms; every form works without them.
 *
 * - After a failed submit, focus goes to the error summary (the page's autofocus already does
 *   this in most browsers; this covers those that ignore autofocus on a non-field), so that a
 *   screen reader reads it and a phone shows it on its first screen.
 * - A link in the summary moves focus to its field and scrolls so that the field's label or
 *   question (legend) is visible too, not hidden above the top of the screen.
 *
 * Served from this site (the Content-Security-Policy allows no inline or foreign script).
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary && document.activeElement !== summary && !window.location.hash) {
      summary.focus();
    }
  }

  function fieldFromLink(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    var field = link ? fieldFromLink(link) : null;
    if (!field) {
      return;
    }
    event.preventDefault();
    var around = field.closest("fieldset") || field.closest(".field") || field;
    around.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
