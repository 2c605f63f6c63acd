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
})();
