// Buttons and links with data-confirm ask before they act (the text comes escaped from the template,
// so translations with quotes or apostrophes cannot break the script).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A select with data-autosubmit sends its form when changed (the language switch).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// Bars take their size from data-width / data-left (percent): the Content-Security-Policy allows
// no style="" attribute, but a script of the app's own may set element.style.
function hjSizeBars(root) {
  root.querySelectorAll("[data-width], [data-left]").forEach(function (el) {
    var width = parseFloat(el.dataset.width), left = parseFloat(el.dataset.left);
    if (!isNaN(width)) el.style.width = width + "%";
    if (!isNaN(left)) el.style.left = left + "%";
  });
}
hjSizeBars(document);
