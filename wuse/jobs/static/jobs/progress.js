// A job's progress page (templates/jobs/detail.html): poll its JSON status every two seconds and move the bar;
// once the worker has finished, reload the page to show the outcome and the files. Without JavaScript a
// <noscript> refresh does the same. No inline script: the Content-Security-Policy refuses it.
(function () {
  var card = document.querySelector("[data-job-status]");
  if (!card || !window.fetch) {
    return;
  }
  var url = card.getAttribute("data-job-status");
  var holder = card.querySelector("[data-job-progress]");
  var bar = card.querySelector("[data-job-bar]");
  var badge = card.querySelector("[data-testid=job-status]");
  var failures = 0;

  function show(state) {
    var percent = Math.min(Math.max(state.percent || 0, 0), 100);
    bar.style.width = percent + "%";
    holder.setAttribute("aria-valuenow", String(percent));
    bar.textContent = state.total ? state.done + " / " + state.total : percent + "%";
    if (badge && state.label) {
      badge.textContent = state.label;
    }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        failures += 1;
        if (failures < 10) {
          window.setTimeout(poll, 5000);
        }
      });
  }
  window.setTimeout(poll, 1000);
})();
