// 复制引用: shows the copy button (hidden without script) and copies the citation text.
// A static file: the pages allow no inline script (Content-Security-Policy).
(function () {
  var button = document.getElementById("cite-copy");
  var text = document.getElementById("cite-text");
  var done = document.getElementById("cite-done");
  if (!button || !text || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(text.textContent.trim()).then(
      function () { done.textContent = "已复制"; },
      function () { done.textContent = "无法复制，请选中上面的文字复制"; }
    );
  });
})();
