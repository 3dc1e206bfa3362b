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
  var statusCounts = document.querySelectorAll("#summary li[data-status]");
  var severityCounts = document.querySelectorAll("#summary li[data-severity]");
  var totals = Array.prototype.map.call(severityCounts, function (li) { return Number(li.querySelector(".n").textContent); });

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
    follow(on);
  }

  // follow makes the counts and the team index say what the filter shows.
  function follow(on) {
    var bySeverity = {};
    rows.forEach(function (r) {
      if (!r.hidden) {
        var s = r.getAttribute("data-severity");
        bySeverity[s] = (bySeverity[s] || 0) + 1;
      }
    });
    // A status with no row (not-applicable: repos that publish nothing)
    // is counted while everything is shown.
    var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    statusCounts.forEach(function (li) {
      var s = li.getAttribute("data-status");
      li.hidden = s in on ? !on[s] : !all;
    });
    severityCounts.forEach(function (li, i) {
      // Everything shown: the totals, rowless findings included.
      var k = all ? totals[i] : bySeverity[li.getAttribute("data-severity")] || 0;
      li.querySelector(".n").textContent = k;
      li.hidden = k === 0;
    });
    document.querySelectorAll("#team-index .n-shown").forEach(function (span) {
      var team = document.getElementById(span.getAttribute("data-team"));
      span.textContent = team ? team.querySelectorAll("tbody tr:not([hidden])").length : 0;
    });
  }

  function preset(name) {
    boxes.forEach(function (b) {
      b.checked = name === "all" || b.hasAttribute("data-" + name);
    });
    apply();
  }

  form.addEventListener("change", apply);
  form.addEventListener("click", function (e) {
    if (!e.target.getAttribute("data-preset")) {
      return;
    }
    preset(e.target.getAttribute("data-preset"));
  });
  form.hidden = false;
  // The page opens on what needs acting on: the violations, when any.
  preset(form.querySelector("input[data-violation]") ? "violation" : "all");
})();
