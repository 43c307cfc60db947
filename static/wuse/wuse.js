// Ask before destructive or irreversible actions: <form data-confirm="…">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Content-Security-Policy (issue 9): no inline handlers or style="…" in templates; the behaviour is here.
// A select that submits its form when changed: <select data-autosubmit> (a <noscript> button is the fallback).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    if (field.form.requestSubmit) {
      field.form.requestSubmit();
    } else {
      field.form.submit();
    }
  }
});

// Bars whose width comes from the data: <div class="progress-bar" data-bar-width="66"> (a percentage).
// Setting element.style from a script is allowed under the policy; a style attribute in the HTML is not.
function wuseBarWidths(root) {
  root.querySelectorAll("[data-bar-width]").forEach(function (bar) {
    var percent = parseFloat(bar.getAttribute("data-bar-width"));
    if (!isNaN(percent)) {
      bar.style.width = Math.min(Math.max(percent, 0), 100) + "%";
    }
  });
}
wuseBarWidths(document);
