// Suggestions while typing: fills the search box's <datalist> from /api/suggest.
// Plain script, no external assets: the reading room may be offline.
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last || q.length < 1) return;
      last = q;
      fetch("/api/suggest?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          while (list.firstChild) list.removeChild(list.firstChild);
          data.suggestions.forEach(function (s) {
            var opt = document.createElement("option");
            opt.value = s.text;  // textContent/value: never parsed as HTML
            list.appendChild(opt);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
