// The status filter of the findings tables. The form is hidden in the page
// as written, so that without JavaScript there is no dead control and every
// row shows; this script reveals it. A team whose rows are all filtered out
// is hidden, with its entry in the index.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form) {
    return;
  }
  var boxes = form.querySelectorAll("input[name=status]");
  var rows = document.querySelectorAll("#teams section.team tbody tr");
  var teams = document.querySelectorAll("#teams section.team");
  var shown = document.getElementById("shown");

  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var n = 0;
    rows.forEach(function (r) {
      r.hidden = !on[r.getAttribute("data-status")];
      n += r.hidden ? 0 : 1;
    });
    teams.forEach(function (t) {
      var empty = !t.querySelector("tbody tr:not([hidden])");
      t.hidden = empty;
      var link = document.querySelector('#team-index a[href="#' + t.id + '"]');
      if (link) {
        link.parentNode.hidden = empty;
      }
    });
    shown.textContent = "Showing " + n + " of " + rows.length + " findings.";
  }

  form.addEventListener("change", apply);
  form.addEventListener("click", function (e) {
    var preset = e.target.getAttribute("data-preset");
    if (!preset) {
      return;
    }
    boxes.forEach(function (b) {
      b.checked = preset === "all" || b.hasAttribute("data-attention");
    });
    apply();
  });
  form.hidden = false;
  apply();
})();
