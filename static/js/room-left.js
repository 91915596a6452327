// Long text fields say how much room is left before their limit: "Nog 1.200 tekens" under the
// field, updated while typing, in the page's language (the text comes from the page). Fields
// with a limit of at least 200 characters only; short ones need no counter.
(function () {
  "use strict";
  function attach(field, template) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || limit < 200 || field.dataset.roomLeft) { return; }
    field.dataset.roomLeft = "1";
    var note = document.createElement("div");
    note.className = "form-text zw-room-left";
    note.id = (field.id || field.name) + "-room-left";
    field.insertAdjacentElement("afterend", note);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    function update() {
      var left = limit - field.value.length;
      note.textContent = template.replace("{n}", left.toLocaleString(document.documentElement.lang));
      note.classList.toggle("text-danger", left < limit / 10);
    }
    field.addEventListener("input", update);
    update();
  }
  function scan(root) {
    var template = document.body.dataset.roomLeft;
    if (!template) { return; }
    root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(function (field) {
      attach(field, template);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
