/*
 * Small behaviours shared by every page; each works without this script too (the server
 * still checks everything), it only saves the seller a wrong click.
 *
 * - Confirmation: <form data-confirm="End {count} listings?" data-confirm-count="listing"
 *   data-confirm-none="Tick at least one listing first."> asks before submitting. With
 *   data-confirm-count, {count} is the number of ticked checkboxes named that way in (or
 *   for) the form, and with none ticked the form is not sent and data-confirm-none is shown.
 *   A button may carry its own data-confirm (several actions in one form).
 * - Select by row or column: <button type="button" data-select-row="ROW"> and
 *   data-select-column="COL"> tick or untick every checkbox with data-row / data-column equal
 *   to that value.
 * - Wide tables: a table (or its .table-scroll box) that scrolls sideways on a narrow screen is
 *   made a keyboard stop, so it can be scrolled without a mouse.
 * - Compact mode: <button type="button" data-compact-toggle="TABLE_ID" aria-pressed="false">
 *   toggles the class "compact" on that table, remembered in localStorage.
 */
(function () {
  "use strict";

  function tickedCount(form, name) {
    var inside = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]:checked').length;
    var outside = form.id ? document.querySelectorAll('input[type="checkbox"][name="' + name + '"][form="' + form.id + '"]:checked').length : 0;
    return inside + outside;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var source = submitter && submitter.dataset.confirm ? submitter : form;
    var question = source.dataset.confirm;
    if (!question) { return; }
    var countName = source.dataset.confirmCount;
    if (countName) {
      var count = tickedCount(form, countName);
      if (count === 0) {
        event.preventDefault();
        event.stopPropagation();
        window.alert(source.dataset.confirmNone || question);
        return;
      }
      question = question.replace("{count}", String(count));
    }
    // Stopped here (capture phase), the submit never reaches htmx's handler on the form.
    if (!window.confirm(question)) { event.preventDefault(); event.stopPropagation(); }
  }, true);

  function toggleAll(selector) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(selector));
    var enabled = boxes.filter(function (b) { return !b.disabled; });
    var tick = enabled.some(function (b) { return !b.checked; });
    enabled.forEach(function (b) { b.checked = tick; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-select-row], [data-select-column], [data-compact-toggle]");
    if (!button) { return; }
    if (button.dataset.selectRow) {
      toggleAll('input[type="checkbox"][data-row="' + CSS.escape(button.dataset.selectRow) + '"]');
    } else if (button.dataset.selectColumn) {
      toggleAll('input[type="checkbox"][data-column="' + CSS.escape(button.dataset.selectColumn) + '"]');
    } else if (button.dataset.compactToggle) {
      setCompact(button, button.getAttribute("aria-pressed") !== "true");
    }
  });

  function setCompact(button, on) {
    var table = document.getElementById(button.dataset.compactToggle);
    if (!table) { return; }
    table.classList.toggle("compact", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    try { window.localStorage.setItem("compact:" + button.dataset.compactToggle, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  function keyboardScrollers() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollStop = "1";
      } else if (!scrolls && box.dataset.scrollStop) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollStop;
      }
    });
  }
  window.addEventListener("resize", keyboardScrollers);
  document.addEventListener("htmx:afterSettle", keyboardScrollers);

  document.addEventListener("DOMContentLoaded", function () {
    keyboardScrollers();
    document.querySelectorAll("[data-compact-toggle]").forEach(function (button) {
      var stored = null;
      try { stored = window.localStorage.getItem("compact:" + button.dataset.compactToggle); } catch (e) { /* private mode */ }
      if (stored !== null) { setCompact(button, stored === "1"); }
    });
  });
})();
