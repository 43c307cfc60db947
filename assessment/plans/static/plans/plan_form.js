// The plan form's "Add an indicator": a copy of the empty line (<template id="indicator-empty">) with the next
// index, and the formset's TOTAL_FORMS raised. Without JavaScript the form keeps its two blank lines.
(function () {
  var button = document.querySelector("[data-add-indicator]");
  var template = document.getElementById("indicator-empty");
  var rows = document.getElementById("indicator-rows");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var max = document.querySelector("input[name$='-MAX_NUM_FORMS']");
  if (!button || !template || !rows || !total) {
    return;
  }
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
})();
