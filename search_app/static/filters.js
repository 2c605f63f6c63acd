// Facet filters: ticking a value submits the filter form at once, as a click on a link would.
// Without script the form's own button does the same. A static file: the pages allow no
// inline script (Content-Security-Policy).
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  var apply = form.querySelector("button.apply");
  if (apply) apply.hidden = true;
  form.addEventListener("change", function (event) {
    if (event.target && event.target.type === "checkbox") form.submit();
  });
  // The filter box of a long facet (发文机关): shown only with script, it hides the values
  // that do not contain what was typed. Without script every value is listed under "更多…".
  var boxes = form.querySelectorAll("label.facet-search");
  Array.prototype.forEach.call(boxes, function (label) {
    label.hidden = false;
    var input = label.querySelector("input");
    var facet = label.closest("section.facet");
    input.addEventListener("input", function () {
      var needle = input.value.trim();
      facet.querySelectorAll("li").forEach(function (li) {
        var value = li.querySelector("label").getAttribute("data-value") || "";
        li.hidden = needle !== "" && value.indexOf(needle) < 0;
      });
    });
  });
})();
