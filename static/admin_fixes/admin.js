// Accessibility fixes for Django's admin that its markup alone does not allow (WCAG 2.2 A/AA).
"use strict";

// Fields edited in a list (`list_editable`) have no label: name each after its column and row,
// e.g. "Volgorde: Zorgen over veiligheid".
function labelListEditableFields() {
  var table = document.getElementById("result_list");
  if (!table) return;
  var headers = table.querySelectorAll("thead th");
  table.querySelectorAll("tbody tr").forEach(function (row) {
    var rowName = row.querySelector("th");
    Array.prototype.forEach.call(row.cells, function (cell, index) {
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
        if (field.labels && field.labels.length) return;
        if (field.hasAttribute("aria-label") || !headers[index]) return;
        var column = headers[index].textContent.trim();
        var label = rowName ? column + ": " + rowName.textContent.trim() : column;
        field.setAttribute("aria-label", label);
      });
    });
  });
}

// The filter widgets (SelectFilter2.js) put aria-label on a plain span, which ARIA does not
// allow; as an image the label is valid and still read out. The widgets are built on "load",
// and this deferred script's listener comes after theirs.
function giveFilterIconsARole() {
  document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
}

document.addEventListener("DOMContentLoaded", labelListEditableFields);
window.addEventListener("load", giveFilterIconsARole);
